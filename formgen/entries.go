package formgen

import (
	"image"
	"image/color"
	"math/rand"
	"strings"
	"unicode"

	"github.com/sheetscan/sheetscan/postal"
)

// Inks used by RandomEntries.
var (
	InkBlue  = color.RGBA{R: 25, G: 45, B: 150, A: 255}
	InkBlack = color.RGBA{R: 20, G: 20, B: 25, A: 255}
)

// RandomInk returns a ballpoint or felt-pen colour: mostly blues of
// several shades, a third black, now and then violet-blue.
func RandomInk(rng *rand.Rand) color.RGBA {
	j := func(v, d int) uint8 { return uint8(max(0, min(255, v+rng.Intn(2*d+1)-d))) }
	switch r := rng.Float64(); {
	case r < 0.33:
		return color.RGBA{j(25, 10), j(25, 10), j(30, 10), 255}
	case r < 0.4:
		return color.RGBA{j(70, 15), j(40, 15), j(140, 20), 255}
	default:
		return color.RGBA{j(30, 15), j(50, 25), j(150, 40), 255}
	}
}

// Entry is what one signer wrote in one table row. An entry with nothing
// to draw (no name, postal code, scribble, signature or strike), the zero
// value included, is a blank row.
type Entry struct {
	Blank  bool   // nothing written (a few specks of dust at most)
	Name   string // as written, "" when the signer wrote no name
	Postal string // as written: 5 digits, sometimes 4, "" when absent or illegible
	// PostalSpace writes the postal code with a space after the department
	// ("75 011"); the truth keeps the digits only.
	PostalSpace bool
	// PostalScribble draws an illegible scribble in the postal cell (Postal
	// should then be "").
	PostalScribble bool
	Signed         bool        // a signature scribble in the signature cell
	Struck         bool        // a line or zigzag through the row
	Font           string      // handwriting face name (HandFonts)
	Style          string      // how the name is written, e.g. "NOM Prenom" (truth rows[].name_style)
	Ink            color.Color // ink colour; nil = InkBlue

	// Jitter. Zero values give a neat, centred hand.
	Scale        float64 // size relative to the row height; 0 = 1
	SlantDeg     float64 // shear of the letters, degrees (positive leans right)
	RotDeg       float64 // rotation of the whole name, degrees counter-clockwise
	DyFrac       float64 // baseline offset as a share of the row height, negative = up (spill above the top line when < -0.35)
	Wobble       float64 // baseline wobble amplitude per letter, share of the letter height
	Spacing      float64 // extra letter spacing, share of the letter height
	SizeJitter   float64 // per-letter size variation, share of the size (0–0.15)
	Pen          float64 // pen weight: pixels at 300 dpi added to the strokes (> 0), or a finer pen (< 0)
	Skips        float64 // share (0–0.5) of the strokes where a skipping pen left faint ink
	LetterJitter float64 // per-letter rotation, degrees (standard deviation), and half as much shear
	NameIndent   float64 // left indent of the name as a share of the name cell width
	SigOverflow  bool    // the signature spills out of its cell
	NameSig      bool    // the signature is the signer's surname, written fast
	// Notes go to the truth row (no_sig, pc_4digit, above_line, …); Render
	// adds those the other fields imply.
	Notes []string

	// DigitGlyph, when not nil, draws postal-code digit d (0–9) from an
	// image instead of the font. The image is read like an MNIST glyph:
	// light ink on a dark background (luminance 255 = full ink, 0 = paper),
	// any size (it is scaled to the digit height, aspect kept). Each call
	// may return a different sample of the same digit.
	DigitGlyph func(d int) image.Image
}

var surnames = []string{
	"MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU",
	"SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER",
	"MOREL", "GIRARD", "ANDRÉ", "LEFEBVRE", "MERCIER", "DUPONT", "LAMBERT", "BONNET", "FRANÇOIS", "MARTINEZ",
	"LEGRAND", "GARNIER", "FAURE", "ROUSSEAU", "BLANC", "GUÉRIN", "MULLER", "HENRY", "ROUSSEL", "NICOLAS",
	"PERRIN", "MORIN", "MATHIEU", "CLÉMENT", "GAUTHIER", "DUMONT", "LOPEZ", "FONTAINE", "CHEVALIER", "ROBIN",
	"MASSON", "SANCHEZ", "GÉRARD", "NGUYEN", "BOYER", "DENIS", "LEMAIRE", "DUVAL", "JOLY", "GAUTIER",
	"ROGER", "ROCHE", "ROY", "NOËL", "MEYER", "LUCAS", "MEUNIER", "JEAN", "PÉREZ", "MARCHAND",
	"DUFOUR", "BLANCHARD", "MARIE", "BARBIER", "BRUN", "DUMAS", "BRUNET", "SCHMITT", "LEROUX", "COLIN",
	"FERNANDEZ", "PIERRE", "RENARD", "ARNAUD", "ROLLAND", "CARON", "AUBERT", "GIRAUD", "LECLERC", "VIDAL",
	"BOURGEOIS", "RENAUD", "LEMOINE", "PICARD", "GAILLARD", "PHILIPPE", "LECLERCQ", "LACROIX", "FABRE", "DUPUIS",
	"DE OLIVEIRA", "DA SILVA", "LE GALL", "LE MEUR", "D'ANGELO", "N'DIAYE", "BENOÎT", "CÔTÉ", "HÉBERT", "LÉVÊQUE",
	"BOUZID", "TRAORÉ", "DIALLO", "KONÉ", "OZTURK", "TRUONG", "BENHAMOU", "HADDAD", "MAILLARD-DUPRÉ", "SAINT-JUST",
	"DESCHAMPS", "CHÂTEL", "BÉGUIN", "PRÉVOST", "LEBŒUF", "CAILLÉ", "GRÉGOIRE", "MÉNARD", "JOUBERT", "HOARAU",
}

var givenNames = []string{
	"Marie", "Jean", "Pierre", "Michel", "André", "Philippe", "Nathalie", "Isabelle", "Sylvie", "Catherine",
	"Françoise", "Jacques", "Christine", "Alain", "Monique", "Nicolas", "Sophie", "Hélène", "Stéphane", "Céline",
	"Julien", "Émilie", "Aurélie", "Jérôme", "Frédéric", "Valérie", "Sébastien", "Chloé", "Léa", "Zoé",
	"Noël", "Gaëlle", "Joël", "Anaïs", "Loïc", "Maëlys", "Raphaël", "Clémence", "Agnès", "Thérèse",
	"René", "Cécile", "Benoît", "Jérémy", "Théo", "Inès", "Mathéo", "Océane", "Ophélie", "Bérénice",
	"Jean-Pierre", "Marie-Christine", "Anne-Sophie", "Jean-François", "Pierre-Yves", "Marie-Hélène",
	"Karim", "Fatoumata", "Mohamed", "Nour", "Yasmine", "Aymeric", "Cheikh", "Mamadou", "Duc", "Lina",
	"Paul", "Louis", "Arthur", "Alice", "Emma", "Lucas", "Hugo", "Camille", "Manon", "Sarah",
	"François", "Grégory", "Maryse", "Roger", "Charlotte", "Patrick", "Kevin", "Agathe", "Elsa", "Yves",
}

// RandomPostal returns a French postal code from the La Poste list:
// mainland (leading 0 for 01–09), Paris, Lyon and Marseille
// arrondissements, Corsica (20xxx) or overseas (97xxx).
func RandomPostal(rng *rand.Rand) string {
	// Signers write real codes: draw from the La Poste list, with the
	// codes that need care (Corsica, overseas, big-city arrondissements)
	// more often than their share of the list.
	var pool []string
	switch r := rng.Float64(); {
	case r < 0.08:
		pool = postalWithPrefix("750", "690", "130")
	case r < 0.16:
		pool = postalWithPrefix("20")
	case r < 0.26:
		pool = postalWithPrefix("97")
	default:
		pool = postal.Codes()
	}
	return pool[rng.Intn(len(pool))]
}

// postalWithPrefix returns the valid codes starting with one of prefixes.
func postalWithPrefix(prefixes ...string) []string {
	var out []string
	for _, c := range postal.Codes() {
		for _, p := range prefixes {
			if strings.HasPrefix(c, p) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// nameStyles are the ways signers write their name, as the sample truth
// names them in rows[].name_style.
var nameStyles = []string{"NOM Prenom", "NOM PRENOM", "Prenom NOM", "Nom Prenom", "NOM, Prenom", "Prenom Nom"}

// RandomName returns a name written in a random style, and the style.
func RandomName(rng *rand.Rand) (name, style string) {
	sur := surnames[rng.Intn(len(surnames))]
	giv := givenNames[rng.Intn(len(givenNames))]
	title := func(s string) string { // "LE MEUR" -> "Le Meur", "MAILLARD-DUPRÉ" -> "Maillard-Dupré"
		rs := []rune(strings.ToLower(s))
		up := true
		for i, r := range rs {
			if up {
				rs[i] = unicode.ToUpper(r)
			}
			up = r == ' ' || r == '-' || r == '\''
		}
		return string(rs)
	}
	style = nameStyles[rng.Intn(len(nameStyles))]
	switch style {
	case "NOM Prenom":
		name = sur + " " + giv
	case "NOM PRENOM":
		name = sur + " " + strings.ToUpper(giv)
	case "Prenom NOM":
		name = giv + " " + sur
	case "Nom Prenom":
		name = title(sur) + " " + giv
	case "NOM, Prenom":
		name = sur + ", " + giv
	default:
		name = giv + " " + title(sur)
	}
	return name, style
}

// RandomEntries returns n rows of a realistic mix: about a quarter blank,
// names in several styles with accents and hyphens, postal codes (some 4
// digits, some with a space, some illegible), a few struck rows, a few
// signatures without a name and names without a signature. fonts are the
// face names to draw from (nil = DevHandFonts). Names a font cannot write
// (missing accented glyphs) are written without accents, as the truth says.
func RandomEntries(rng *rand.Rand, n int, fonts []string) []Entry {
	if len(fonts) == 0 {
		fonts = DevHandFonts()
	}
	out := make([]Entry, n)
	for i := range out {
		out[i] = RandomEntry(rng, fonts)
	}
	return out
}

// RandomEntry returns one row of the mix RandomEntries describes.
func RandomEntry(rng *rand.Rand, fonts []string) Entry {
	if len(fonts) == 0 {
		fonts = DevHandFonts()
	}
	e := Entry{Font: fonts[rng.Intn(len(fonts))], Ink: RandomInk(rng)}
	if rng.Float64() < 0.25 {
		e.Blank = true
		return e
	}
	hf := handFontByName(e.Font)
	name, style := RandomName(rng)
	e.Style = style
	if hf.caps {
		name = strings.ToUpper(name)
	}
	if !hasGlyphs(hf.file, name) {
		name = stripAccents(name)
	}
	e.Name = name
	e.Postal = RandomPostal(rng)
	e.Signed = true
	switch r := rng.Float64(); {
	case r < 0.06: // signature only
		e.Name, e.Postal = "", ""
		e.Notes = append(e.Notes, "sig_only")
	case r < 0.14:
		e.Signed = false
		e.Notes = append(e.Notes, "no_sig")
	case r < 0.18: // name only
		e.Postal = ""
		e.Signed = false
		e.Notes = append(e.Notes, "name_only")
	}
	if e.Postal != "" {
		switch r := rng.Float64(); {
		case r < 0.07:
			e.Postal = e.Postal[1:] // the leading digit forgotten, or 06000 written 6000
			e.Notes = append(e.Notes, "pc_4digit")
		case r < 0.12:
			e.Postal = ""
			e.PostalScribble = true
			e.Notes = append(e.Notes, "pc_illegible")
		case r < 0.22:
			e.PostalSpace = true
		}
	}
	if rng.Float64() < 0.06 {
		e.Struck = true
		e.Notes = append(e.Notes, "struck")
	}
	e.Scale = 0.85 + rng.Float64()*0.35
	e.SlantDeg = rng.NormFloat64() * 4
	e.RotDeg = rng.NormFloat64() * 1.2
	e.DyFrac = rng.NormFloat64() * 0.06
	if rng.Float64() < 0.07 {
		e.DyFrac = -0.35 - rng.Float64()*0.15
		e.Notes = append(e.Notes, "above_line")
	} else if rng.Float64() < 0.05 {
		e.DyFrac = 0.22 + rng.Float64()*0.08
		e.Notes = append(e.Notes, "on_bottom_line")
	}
	e.Wobble = rng.Float64() * 0.08
	e.Spacing = rng.Float64()*0.12 - 0.02
	e.NameIndent = rng.Float64() * 0.15
	e.SizeJitter = rng.Float64() * 0.1
	e.LetterJitter = rng.Float64() * 5
	if rng.Float64() < 0.15 {
		e.Skips = 0.15 + rng.Float64()*0.3
	}
	switch r := rng.Float64(); {
	case r < 0.25:
		e.Pen = 1 + rng.Float64()*1.5
	case r < 0.4:
		e.Pen = -1
	}
	if e.Signed && e.Name != "" && rng.Float64() < 0.1 {
		e.NameSig = true
		e.Notes = append(e.Notes, "name_sig")
	}
	if e.Signed && rng.Float64() < 0.12 {
		e.SigOverflow = true
		e.Notes = append(e.Notes, "sig_overflow")
	}
	return e
}

// RandomSheet returns the entries of a whole sheet of rows rows (page 1
// then page 2, in printed order), filled the way petitions come back:
// signers write top to bottom, so under a third of sheets are full and
// the others stop at a random row, mostly on page 1, with a few rows skipped inside the
// filled part and now and then a stray signer further down.
func RandomSheet(rng *rand.Rand, rows int, fonts []string) []Entry {
	stop := rows
	if rng.Float64() > 0.3 {
		u := rng.Float64() // most sheets stop early, on page 1
		stop = int(float64(rows+1) * u * u)
	}
	out := make([]Entry, rows)
	for i := range out {
		filled := rng.Float64() < 0.94
		if i >= stop {
			filled = rng.Float64() < 0.04
		}
		if !filled {
			out[i] = Entry{Blank: true}
			continue
		}
		for {
			e := RandomEntry(rng, fonts)
			if !e.Blank {
				out[i] = e
				break
			}
		}
	}
	return out
}
