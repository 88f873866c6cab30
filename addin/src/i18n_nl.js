// Errors of the task pane and the Dutch texts people read for them.
//
// Every failure the pane can show is a KibError with a `code` from MESSAGES and the details that
// text needs; messageNl(error) turns any thrown value into one Dutch sentence (or two). Developers'
// details (Office error codes, HTTP bodies) stay on the error object for the console.

export class KibError extends Error {
  // code: a key of MESSAGES; details: what that message fills in; cause: the underlying error.
  constructor(code, details = {}, cause = undefined) {
    super(`${code}${details && Object.keys(details).length ? " " + JSON.stringify(details) : ""}`,
      cause === undefined ? undefined : { cause });
    this.name = "KibError";
    this.code = code;
    this.details = details;
  }
}

// Bytes as Dutch megabytes with one decimal ("4,5 MB").
export function megabytesNl(bytes) {
  return (bytes / (1024 * 1024)).toLocaleString("nl-NL", { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + " MB";
}

export const MESSAGES = {
  file_read: (d) =>
    "Het document kon niet worden gelezen." +
    (d.officeMessage ? ` Office meldt: ${d.officeMessage}` : " Sla het document op en probeer het opnieuw."),
  file_incomplete: () =>
    "Het document kwam onvolledig binnen. Sla het document op en probeer het opnieuw.",
  too_big: (d) =>
    d.size !== undefined && d.limit !== undefined
      ? `Het document is te groot (${megabytesNl(d.size)}; de grens is ${megabytesNl(d.limit)}).`
      : "Het document is te groot voor de Klant in Beeld-dienst.",
  network: () =>
    "Geen verbinding met de Klant in Beeld-dienst. Controleer de netwerkverbinding en probeer het opnieuw.",
  server: (d) =>
    `De Klant in Beeld-dienst gaf een fout${d.status ? ` (${d.status})` : ""}` +
    (d.message ? `: ${d.message}` : "."),
  unauthorized: () => "U bent niet (meer) aangemeld bij de Klant in Beeld-dienst. Meld u opnieuw aan.",
  not_supported: (d) =>
    `Dit werkt niet in deze versie van Office${d.feature ? ` (${d.feature})` : ""}: ` +
    `${d.set} ${d.version} ontbreekt. Werk Office bij of gebruik Office op het web.`,
  wrong_host: (d) =>
    d.host ? `Dit kan alleen in ${d.host}.` : "Dit werkt alleen binnen Excel of Word.",
  sheet_missing: (d) => `Het werkblad '${d.sheet}' bestaat niet in deze werkmap.`,
  excel_write: (d) =>
    "Excel kon de wijzigingen niet (helemaal) doorvoeren" +
    (d.sheet ? ` op werkblad '${d.sheet}'` : "") +
    (d.officeMessage ? `: ${d.officeMessage}` : ".") +
    (d.written ? ` ${d.written} cellen waren al bijgewerkt.` : ""),
  bad_patch: (d) => `De Klant in Beeld-dienst stuurde onbruikbare wijzigingen: ${d.reason}.`,
  bad_response: () => "De Klant in Beeld-dienst gaf een antwoord dat het deelvenster niet kan lezen.",
  job_failed: (d) => `${d.file ? `${d.file} kon niet worden verwerkt. ` : ""}${jobReasonNl(d.message)} ${jobHintNl(d.message, d.hint)}`,
  no_patch: () =>
    "De Klant in Beeld-dienst stuurde geen celwijzigingen terug. Is dit de programma-werkmap (met het werkblad KPI's)?",
  no_file: () => "Kies eerst een bestand.",
  bad_date: (d) => `'${d.date}' is geen datum. Kies een datum in de kalender.`,
  word_search: () => "Deze tekst is niet (meer) in het document gevonden.",
};

// The engine's reasons for a failed job are English; the common ones get Dutch words (the same
// words as kib's web page), the rest keep their detail after a Dutch opening.
export function jobReasonNl(message) {
  const m = message || "";
  if (m.startsWith("kib does not know what to do with this file")) {
    if (m.includes("PDF")) return "Dit is een PDF-document. kib leest Excel-bestanden (.xlsx), CSV en Word-documenten (.docx).";
    if (m.includes("old Excel or Word")) return "Dit is een oud Excel- of Word-bestand (.xls/.doc).";
    if (m.includes("password")) return "Dit bestand is met een wachtwoord beveiligd.";
    if (m.includes("OpenDocument")) return "Dit is een OpenDocument-bestand (.ods/.odt).";
    if (m.includes("picture")) return "Dit is een afbeelding, geen Excel- of Word-bestand.";
    return "kib weet niet wat het met dit bestand moet.";
  }
  if (m.startsWith("kib stopped working on the file")) return "kib stopte met dit bestand: het duurde te lang.";
  return m ? `De reden: ${m}${/[.!?]$/.test(m) ? "" : "."}` : "De dienst gaf geen reden.";
}

export function jobHintNl(message, hint) {
  const m = message || "";
  if (m.startsWith("kib does not know what to do with this file")) {
    if (m.includes("old Excel or Word") || m.includes("OpenDocument")) return "Open het in Excel of Word en sla het op als .xlsx of .docx.";
    if (m.includes("password")) return "Sla het op zonder wachtwoord en probeer het opnieuw.";
    return "kib neemt enquête-exports (.xlsx/.csv), de programma-werkmap, metingen (Datum, KPI, Waarde) en Word-concepten met opmerkingen (.docx).";
  }
  if (m.startsWith("kib stopped working on the file")) return "Splits het bestand in kleinere delen.";
  return hint ? `Zo lost u het op: ${hint}` : "Pas het bestand aan en probeer het opnieuw.";
}

// One Dutch text for anything thrown: a KibError by its code, anything else as an unexpected error.
export function messageNl(error) {
  if (error instanceof KibError && Object.hasOwn(MESSAGES, error.code)) return MESSAGES[error.code](error.details ?? {});
  const detail = error && typeof error.message === "string" && error.message ? ` (${error.message})` : "";
  return `Er ging iets onverwachts mis${detail}. Probeer het opnieuw.`;
}
