package formgen

import (
	_ "embed"
	"strings"
)

// formText is the text of the original petition form (title, paragraphs,
// tables, notice); ** marks bold spans.
//
//go:embed form_fr.txt
var formText string

// span is a run of text in one weight.
type span struct {
	text string
	bold bool
}

// formParts splits formText into the title, the paragraphs above the table
// and the notice below the page-2 table.
func formParts() (title string, paras, footer [][]span) {
	inTable := false
	afterTable := false
	for _, line := range strings.Split(formText, "\n") {
		line = strings.TrimRight(line, "\r")
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "\t") || (t != "" && t[0] >= '0' && t[0] <= '9' && len(t) <= 3):
			inTable = true
			continue
		case t == "":
			continue
		case strings.HasPrefix(t, "## "):
			title = strings.TrimPrefix(t, "## ")
			continue
		}
		if inTable {
			afterTable = true
		}
		if afterTable {
			footer = append(footer, parseBold(t))
		} else {
			paras = append(paras, parseBold(t))
		}
	}
	return title, paras, footer
}

// parseBold splits "a **b** c" into spans.
func parseBold(s string) []span {
	var out []span
	bold := false
	for i, part := range strings.Split(s, "**") {
		if i > 0 {
			bold = !bold
		}
		if part != "" {
			out = append(out, span{part, bold})
		}
	}
	return out
}
