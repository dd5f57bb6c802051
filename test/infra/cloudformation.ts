import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type Tags } from 'yaml';

/** CloudFormation's short-form intrinsic functions, each read as its long form (`!Ref X` -> `{Ref: X}`). */
const FUNCTIONS = [
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'And',
  'Select',
  'Split',
  'Sub',
] as const;

function longForm(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

const CLOUDFORMATION_TAGS: Tags = [
  ...[...FUNCTIONS, 'Ref', 'Condition'].flatMap((name) => [
    { tag: `!${name}`, resolve: (value: string) => ({ [longForm(name)]: value }) },
    {
      tag: `!${name}`,
      collection: 'seq' as const,
      resolve: (value: { toJSON(): unknown }) => ({ [longForm(name)]: value.toJSON() }),
    },
    {
      tag: `!${name}`,
      collection: 'map' as const,
      resolve: (value: { toJSON(): unknown }) => ({ [longForm(name)]: value.toJSON() }),
    },
  ]),
  // `!GetAtt Table.Arn` is the short form of `Fn::GetAtt: [Table, Arn]`.
  {
    tag: '!GetAtt',
    resolve: (value: string) => {
      const dot = value.indexOf('.');
      return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
    },
  },
  { tag: '!GetAtt', collection: 'seq', resolve: (value) => ({ 'Fn::GetAtt': value.toJSON() }) },
];

export type Template = Record<string, unknown> & {
  Parameters?: Record<string, Record<string, unknown>>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};

export function loadTemplate(file: string): Template {
  const text = readFileSync(join(__dirname, '..', '..', 'infra', file), 'utf8');
  return parse(text, { customTags: CLOUDFORMATION_TAGS }) as Template;
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export function actionsOf(statement: Statement): string[] {
  const { Action: action } = statement;
  return action === undefined ? [] : Array.isArray(action) ? action : [action];
}

/** `!If [cond, statement, !Ref AWS::NoValue]`: the statement as deployed when the condition holds. */
export function statementsOf(document: { Statement: unknown[] }): Statement[] {
  return document.Statement.flatMap((entry) => {
    const conditional = (entry as { 'Fn::If'?: [string, unknown, unknown] })['Fn::If'];
    if (!conditional) return [entry as Statement];
    return [conditional[1], conditional[2]].filter(
      (branch): branch is Statement => typeof branch === 'object' && branch !== null && !('Ref' in branch),
    );
  });
}
