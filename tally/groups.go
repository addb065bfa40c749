package tally

// Groups joins items known to be the same person into groups: it is a
// union-find over n items numbered 0..n-1. The zero value is not usable:
// call NewGroups.
type Groups struct{ parent []int }

// NewGroups returns n items, each alone in its group.
func NewGroups(n int) *Groups {
	g := &Groups{parent: make([]int, n)}
	for i := range g.parent {
		g.parent[i] = i
	}
	return g
}

// Find returns the representative of the group of item i: the smallest
// item of the group.
func (g *Groups) Find(i int) int {
	for g.parent[i] != i {
		g.parent[i] = g.parent[g.parent[i]]
		i = g.parent[i]
	}
	return i
}

// Union puts items i and j in the same group.
func (g *Groups) Union(i, j int) {
	a, b := g.Find(i), g.Find(j)
	if a == b {
		return
	}
	if b < a {
		a, b = b, a
	}
	g.parent[b] = a
}
