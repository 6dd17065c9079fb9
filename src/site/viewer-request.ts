import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';

/** The CloudFront Function's source: the CDK app deploys this file as it is. */
export const VIEWER_REQUEST_SOURCE = fileURLToPath(new URL('./viewer-request.js', import.meta.url));

/** The part of CloudFront's viewer-request event the function reads and changes. */
export interface EdgeRequest {
  method: string;
  uri: string;
  querystring: Record<string, { value: string; multiValue?: { value: string }[] }>;
}

export type ViewerRequestFunction = (event: { request: EdgeRequest }) => EdgeRequest;

/** The function, run as CloudFront runs it: the script in a context of its own, `handler` called per request. */
export function loadViewerRequest(): ViewerRequestFunction {
  return runInNewContext(
    `${readFileSync(VIEWER_REQUEST_SOURCE, 'utf8')}\n;handler`,
    {},
    { filename: VIEWER_REQUEST_SOURCE },
  ) as ViewerRequestFunction;
}

/**
 * A raw query string as CloudFront hands it to a function: names and values as sent (not
 * decoded), a repeated name with every value in `multiValue`.
 */
export function edgeQuerystring(raw: string): EdgeRequest['querystring'] {
  const query: EdgeRequest['querystring'] = Object.create(null) as EdgeRequest['querystring'];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    const seen = query[name];
    if (!seen) query[name] = { value };
    else seen.multiValue = [...(seen.multiValue ?? [{ value: seen.value }]), { value }];
  }
  return query;
}
