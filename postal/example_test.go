package postal_test

import (
	"fmt"

	"github.com/sheetscan/sheetscan/postal"
)

// A caller checking an OCR reading: accept it when valid, take a unique
// repair, and send four-digit readings to a human.
func ExampleRepair() {
	for _, reading := range []string{"75011", "75O11", "6000"} {
		s := postal.Repair(reading, nil)
		switch {
		case s.Best == nil:
			fmt.Println(reading, "→ no candidate, ask a human")
		case s.FourDigits:
			fmt.Println(reading, "→ maybe", s.Best.Code, "(four digits: ask a human)")
		case s.Unique:
			fmt.Println(reading, "→", s.Best.Code, "by", s.Best.How)
		default:
			fmt.Println(reading, "→ ambiguous, ask a human")
		}
	}
	// Output:
	// 75011 → 75011 by exact
	// 75O11 → 75011 by confusion
	// 6000 → maybe 06000 (four digits: ask a human)
}

func ExampleDepartment() {
	dep, name, _ := postal.Department("20000") // Ajaccio
	fmt.Println(dep, name)
	// Output: 2A Corse-du-Sud
}
