// faker-names.mjs prints given names and family names from Faker's locale
// data, one per line, sorted. Used by name-lexicon.sh:
//   node scripts/faker-names.mjs PATH/TO/package/dist/index.js
//
// From the French-speaking locales (fr, fr_BE, fr_CA, fr_CH, fr_LU): given
// and family names. From the locales of the largest groups of families
// settled in France since the 20th century (Portuguese, Spanish, Italian,
// Vietnamese, Turkish, Polish): family names only, since their given
// names are mostly French ones by now.
const faker = await import(process.argv[2]);
const sources = [
  [['fr', 'fr_BE', 'fr_CA', 'fr_CH', 'fr_LU'], ['first_name', 'last_name']],
  [['pt_PT', 'es', 'it', 'vi', 'tr', 'pl'], ['last_name']],
];
const out = new Set();
for (const [locales, keys] of sources) {
  for (const loc of locales) {
    const person = faker[loc]?.person;
    if (!person) throw new Error(`faker has no locale ${loc}`);
    for (const key of keys) {
      const v = person[key];
      if (!v) continue;
      // A list, or lists by gender ({generic, female, male}).
      for (const list of Array.isArray(v) ? [v] : Object.values(v)) {
        for (const n of list) out.add(n);
      }
    }
  }
}
for (const n of [...out].sort()) console.log(n);
