package review

import "strings"

// reasonWords says in words why the machine flagged a row. The keys are
// the reasons of package decide; unknown ones are shown as written.
var reasonWords = map[string]string{
	"name_missing":          "nom illisible ou absent",
	"name_low_confidence":   "lecture du nom peu sûre",
	"name_disagree":         "deux lectures du nom diffèrent",
	"name_one_word":         "un seul mot lu : nom ou prénom manquant ?",
	"name_implausible":      "un mot sans voyelle ou un trait d'union seul : une lettre perdue ?",
	"name_spacing":          "deux mots qui, joints, font un nom : un espace de trop ?",
	"postal_missing":        "code postal absent ou illisible",
	"postal_invalid":        "code postal inconnu de La Poste",
	"postal_4_digits":       "code postal à 4 chiffres : un 0 oublié ?",
	"postal_repaired":       "code postal corrigé d'un chiffre : à vérifier",
	"postal_low_confidence": "lecture du code postal peu sûre",
	"postal_disagree":       "deux lectures du code postal diffèrent",
	"no_signature":          "pas de signature détectée",
	"signature_only":        "signature sans nom ni code lisible",
	"struck":                "ligne barrée ?",
	"number_uncertain":      "numéro de ligne déduit, pas lu",
}

// ReasonText returns the reason a row was flagged, in words.
func ReasonText(reason string) string {
	if w, ok := reasonWords[reason]; ok {
		return w
	}
	return strings.ReplaceAll(reason, "_", " ")
}

// columnKinds are the cell kinds the column mode offers, with the prefix
// of the reasons that concern only that cell.
var columnKinds = map[string]string{
	"postal": "postal_",
	"name":   "name_",
}

// onlyAbout reports whether every reason a row was flagged for concerns
// the cell kind, so that confirming that cell in the column mode settles
// the row.
func onlyAbout(reasons []string, kind string) bool {
	prefix, ok := columnKinds[kind]
	if !ok || len(reasons) == 0 {
		return false
	}
	for _, r := range reasons {
		if !strings.HasPrefix(r, prefix) {
			return false
		}
	}
	return true
}
