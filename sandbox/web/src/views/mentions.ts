import type { PersonView } from '../../../page-server/api';

type Person = Pick<PersonView, 'id' | 'name'>;

const MENTION = /(^|\s)@([\w.-]+)(?=\s|$)/g;

/**
 * `@alice` typed in the composer, as Slack sends it in a slash command's text: `<@U0ALICE>`. A name
 * nobody has stays as typed (Slack leaves it too), so the bot answers what it was given.
 */
export function mentionsToIds(text: string, people: readonly Person[]): string {
  return text.replace(MENTION, (whole, before: string, name: string) => {
    const person = people.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    return person ? `${before}<@${person.id}>` : whole;
  });
}

/**
 * Tab after `@al`: the word before the caret completed to the first person whose name starts so
 * (`@alice `), or undefined when there is no `@word` there or nobody fits.
 */
export function completeMention(
  text: string,
  caret: number,
  people: readonly Person[],
): { text: string; caret: number } | undefined {
  const before = text.slice(0, caret);
  const typed = /(?:^|\s)@([\w.-]*)$/.exec(before)?.[1];
  if (typed === undefined) return undefined;
  const person = people.find((candidate) => candidate.name.toLowerCase().startsWith(typed.toLowerCase()));
  if (!person) return undefined;
  const start = caret - typed.length;
  const completed = `${text.slice(0, start)}${person.name} ${text.slice(caret).replace(/^\s+/, '')}`;
  return { text: completed, caret: start + person.name.length + 1 };
}
