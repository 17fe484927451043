/** Month and weekday names in the five languages, as normalizeText writes them (no accents, lower case). */

function table(rows: readonly (readonly [string, number])[]): ReadonlyMap<string, number> {
  return new Map(rows.flatMap(([names, value]) => names.split(' ').map((name) => [name, value] as const)));
}

/** Month names and their usual abbreviations → month number (1–12). */
export const MONTH_NUMBERS = table([
  ['janvier janv jan january januar janner gennaio gen enero ene', 1],
  ['fevrier fevr fev february feb februar febbraio febrero', 2],
  ['mars mar march marz marzo', 3],
  ['avril avr april apr aprile abril abr', 4],
  ['mai may maggio mag mayo', 5],
  ['juin june jun juni giugno giu junio', 6],
  ['juillet juil july jul juli luglio lug julio', 7],
  ['aout august aug agosto ago', 8],
  ['septembre sept sep september settembre set septiembre setiembre', 9],
  ['octobre oct october oktober okt ottobre ott octubre', 10],
  ['novembre nov november noviembre', 11],
  ['decembre dec december dezember dez dicembre dic diciembre', 12],
]);

/** Weekday names → ISO weekday (Monday 1 … Sunday 7). */
export const WEEKDAY_NUMBERS = table([
  ['lundi monday montag lunedi lunes', 1],
  ['mardi tuesday dienstag martedi martes', 2],
  ['mercredi wednesday mittwoch mercoledi miercoles', 3],
  ['jeudi thursday donnerstag giovedi jueves', 4],
  ['vendredi friday freitag venerdi viernes', 5],
  ['samedi saturday samstag sonnabend sabato sabado', 6],
  ['dimanche sunday sonntag domenica domingo', 7],
]);
