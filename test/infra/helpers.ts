import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { HealthOpenDataStack, type HealthOpenDataStackProps, type ScheduledDataset } from '../../infra/stack.ts';

export type Json = Record<string, unknown>;

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
  Principal?: unknown;
}

export const TEST_DATASETS: ScheduledDataset[] = [
  { id: 'medical-facilities', schedule: 'cron(0 2 * * ? *)' },
  { id: 'vaccination-coverage', schedule: 'rate(1 day)' },
];

/** The feature flags the CLI would apply, so tests synthesize what `cdk synth` does. */
export function cdkJsonContext(): Json {
  const file = path.join(import.meta.dirname, '..', '..', 'cdk.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { context: Json }).context;
}

/**
 * An app with cdk.json's flags that skips bundling (5.7 s instead of 12.9 s, measured) and CDK's
 * built-in CloudFormation schema validation (about 15 s of CPU per synth here; `npm run synth`
 * still runs it). The cdk-nag rule packs, when added, still run.
 */
export function testApp(context: Json = {}): App {
  return new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: false,
  });
}

export function buildStack(props: Partial<HealthOpenDataStackProps> = {}): HealthOpenDataStack {
  return new HealthOpenDataStack(testApp(), 'TestStack', { datasets: TEST_DATASETS, ...props });
}

export const logicalId = (c: IConstruct): string => Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);
export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOf = (s: Statement): unknown[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** Every statement of every identity policy (inline or managed) attached to the role. */
export function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  const attached = (roles: unknown): boolean => JSON.stringify(roles ?? []).includes(JSON.stringify({ Ref: roleLogicalId }));
  const policies = [
    ...Object.values(template.findResources('AWS::IAM::Policy')),
    ...Object.values(template.findResources('AWS::IAM::ManagedPolicy')),
  ].filter((policy) => attached(policy.Properties.Roles));
  const role = template.findResources('AWS::IAM::Role')[roleLogicalId];
  const inline = (role?.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[];
  return [
    ...policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]),
    ...inline.flatMap((policy) => policy.PolicyDocument.Statement),
  ];
}

/**
 * A CloudFormation value as readable text: `{Ref: X}` and `{Fn::GetAtt: [X, Arn]}` become the
 * name given for X (else `X.Arn`), `Fn::Join` is joined, pseudo parameters become `${AWS::…}`.
 */
export function render(node: unknown, names: Record<string, string>): unknown {
  if (Array.isArray(node)) return node.map((n) => render(n, names));
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node);
  if (entries.length === 1) {
    const [key, value] = entries[0]!;
    if (key === 'Ref' && typeof value === 'string') return names[value] ?? `\${${value}}`;
    if (key === 'Fn::GetAtt' && Array.isArray(value)) return names[String(value[0])] ?? `${String(value[0])}.${String(value[1])}`;
    if (key === 'Fn::Join' && Array.isArray(value)) {
      return (value[1] as unknown[]).map((part) => String(render(part, names))).join(String(value[0]));
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, render(v, names)]));
}

/**
 * One line per allowed (action, resource, condition): what the role may do, independent of how
 * CDK grouped the statements. `names` maps logical ids to short names.
 */
export function grantsOf(statements: Statement[], names: Record<string, string>): string[] {
  const lines = statements.flatMap((s) => {
    const condition = s.Condition ? ` if ${JSON.stringify(render(s.Condition, names))}` : '';
    return actionsOf(s).flatMap((action) =>
      resourcesOf(s).map((resource) => `${s.Effect} ${action} on ${String(render(resource, names))}${condition}`),
    );
  });
  return [...new Set(lines)].sort();
}

/** Logical ids of the resources the statements name (through Ref or Fn::GetAtt). */
export function resourcesNamed(statements: Statement[]): string[] {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Ref' && typeof value === 'string') ids.add(value);
      else if (key === 'Fn::GetAtt' && Array.isArray(value)) ids.add(String(value[0]));
      else visit(value);
    }
  };
  statements.forEach((statement) => visit(statement.Resource));
  return [...ids].filter((id) => !id.startsWith('AWS::')).sort();
}
