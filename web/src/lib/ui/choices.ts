/** One option of a ChoicePicker: a household, a person, a topic. */
export type Choice = {
  value: string;
  label: string;
  /** The heading it is listed under (a household's building, a person's project). */
  group?: string;
  /** A second line: who lives there, a position, the last visit. */
  hint?: string;
  /** More text a search should find it by (room codes in other spellings, an employee number). */
  keywords?: string;
  disabled?: boolean;
};

export type ChoiceGroup = { name: string; choices: Choice[] };

/** Lower case, full-width ASCII folded to half-width, and no spaces or separators, so "1-3", "1 3" and "１３" meet. */
export function searchable(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_·/、，,.。*＊()（）]+/g, '');
}

/** Whether a choice matches every word of the query (words split on spaces), in any of its texts. */
export function matches(choice: Choice, query: string): boolean {
  const words = query.split(/\s+/).map(searchable).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = searchable([choice.label, choice.hint, choice.group, choice.keywords].filter(Boolean).join(' '));
  return words.every((w) => haystack.includes(w));
}

/** Choices under their group headings, in the order groups first appear; ungrouped ones under ''. */
export function groupChoices(choices: readonly Choice[]): ChoiceGroup[] {
  const groups = new Map<string, Choice[]>();
  for (const choice of choices) {
    const name = choice.group ?? '';
    const list = groups.get(name);
    if (list) list.push(choice);
    else groups.set(name, [choice]);
  }
  return [...groups].map(([name, list]) => ({ name, choices: list }));
}
