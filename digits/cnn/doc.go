// Package cnn is the small convolutional network behind package digits: a
// hand-written forward and backward pass in float32 for 28×28 single-channel
// images, the Adam optimiser, and a compact binary weights format.
//
// Architecture: conv 5×5 ×C1 → ReLU → maxpool 2 → conv 5×5 ×C2 → ReLU →
// maxpool 2 → dense H → ReLU → dense 10 → softmax.
//
// It does not load images or normalise them (package digits does), and it
// uses no goroutines: callers parallelise by using one Workspace per goroutine.
package cnn
