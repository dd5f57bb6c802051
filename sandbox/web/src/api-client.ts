import {
  API_PATHS,
  type ApiAnswer,
  type ClickRequest,
  type CommandRequest,
  type LiveEvent,
  type RunWorkflowRequest,
  type StateView,
  type ViewClickRequest,
  type ViewSubmitRequest,
} from '../../page-server/api';

async function post(path: string, body: unknown): Promise<ApiAnswer> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.ok) return (await response.json()) as ApiAnswer;
  let message = `${response.status} ${response.statusText}`;
  try {
    message = ((await response.json()) as ApiAnswer).error ?? message;
  } catch {
    // Not JSON: the status line says enough.
  }
  throw new Error(message);
}

export async function fetchState(as: string): Promise<StateView> {
  const response = await fetch(`${API_PATHS.state}?as=${encodeURIComponent(as)}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`the sandbox answered ${response.status}`);
  return (await response.json()) as StateView;
}

export const sendCommand = (request: CommandRequest) => post(API_PATHS.command, request);
export const sendClick = (request: ClickRequest) => post(API_PATHS.click, request);
export const runReport = (index: number) => post(API_PATHS.runReport(index), {});
export const useKey = (keyId: string) => post(API_PATHS.useKey, { keyId });
export const runWorkflow = (request: RunWorkflowRequest) => post(API_PATHS.runWorkflow, request);

export const simulateLeak = (keyId: string) => post(API_PATHS.simulateLeak, { keyId });

/** EventSource reconnects by itself (the server asks for 1 s); each event is a nudge to fetch again. */
export function listen(onEvent: (event: LiveEvent) => void, onOpen: () => void): EventSource {
  const source = new EventSource(API_PATHS.events);
  source.onopen = onOpen;
  source.onmessage = (message: MessageEvent<string>) => onEvent(JSON.parse(message.data) as LiveEvent);
  return source;
}

export const openHome = (as: string) => post(API_PATHS.openHome, { as });
export const sendViewClick = (request: ViewClickRequest) => post(API_PATHS.viewClick, request);
export const submitView = (request: ViewSubmitRequest) => post(API_PATHS.viewSubmit, request);
export const closeView = (as: string, viewId: string) => post(API_PATHS.viewClose, { as, viewId });
