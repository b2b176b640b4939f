/**
 * A local OpenAI-compatible HTTP server (node:http on 127.0.0.1) for the writer tests, the writer
 * benchmark and `npm run eval:writer` (it lives under scripts/ so that scripts never import from tests/).
 * The real openai SDK talks to it through `baseURL`. Each chat request is answered by a script, which
 * can return valid JSON, broken JSON, schema violations, refusals, length cut-offs, 429s with
 * Retry-After, 5xx or slow replies. The Files + Batches endpoints are simulated too, answering each
 * JSONL line with the same script, so the backfill batch flow runs end to end.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  path: string;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string } };
    max_completion_tokens?: number;
  };
  /** 0-based index of this chat request on the server. */
  index: number;
  /** The request's headers (lower-case names). */
  headers?: Record<string, string | string[] | undefined>;
}

export interface MockReply {
  status?: number;
  headers?: Record<string, string>;
  /** JSON body; `raw` wins when given. */
  body?: unknown;
  raw?: string;
  delayMs?: number;
}

export type ChatScript = (req: ChatRequest) => MockReply | Promise<MockReply>;

export interface MockServer {
  baseURL: string;
  /** Every chat request received, in order. */
  chats: ChatRequest[];
  /** Every request line "METHOD /path". */
  log: string[];
  files: Map<string, string>;
  setScript(script: ChatScript): void;
  close(): Promise<void>;
}

/** A chat.completion object around `content`. */
export function completion(
  content: string | null,
  o: { finish_reason?: string; refusal?: string | null; prompt_tokens?: number; completion_tokens?: number; model?: string } = {},
): Record<string, unknown> {
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: 1_780_000_000,
    model: o.model ?? 'mock-model',
    choices: [{ index: 0, finish_reason: o.finish_reason ?? 'stop', logprobs: null, message: { role: 'assistant', content, refusal: o.refusal ?? null } }],
    usage: { prompt_tokens: o.prompt_tokens ?? 1000, completion_tokens: o.completion_tokens ?? 300, total_tokens: (o.prompt_tokens ?? 1000) + (o.completion_tokens ?? 300) },
  };
}

/** The JSON inside the <data> block of a request's last user message. */
export function dataOf(req: ChatRequest): any {
  const user = [...req.body.messages].reverse().find((m) => m.role === 'user' && m.content.includes('<data>'));
  const m = user?.content.match(/<data>\n([\s\S]*)\n<\/data>/);
  return m ? JSON.parse(m[1]!) : null;
}

/** Which of the writer's prompts this is. */
export function kindOf(req: ChatRequest): 'paper' | 'day' | 'others' {
  const data = dataOf(req);
  return data && 'featured_papers' in data ? 'day' : data && Array.isArray(data.papers) ? 'others' : 'paper';
}

/** Valid lines for the others table: one per paper of the request. */
export function validOthersNote(req: ChatRequest): Record<string, unknown> {
  const d = dataOf(req);
  return { papers: (d?.papers ?? []).map((p: { id: string; title: string }) => ({ id: p.id, title: `译名：${p.title}`, line: `这篇论文研究 ${p.title.slice(0, 40)}。` })) };
}

/** A valid paper note for the paper in the request, grounded in its data. */
export function validPaperNote(req: ChatRequest): Record<string, unknown> {
  const d = dataOf(req);
  return {
    categories: ['llm-agent', 'evaluation'],
    title: String(d?.title ?? ''),
    headline: `Headline for ${d?.id}`,
    contribution: `Contribution of ${d?.id}: ${String(d?.title ?? '').slice(0, 60)}`,
    why: ['It matters because of A.', 'And because of B.'],
    relation: `Relates to ${(d?.matched_interests ?? []).map((m: { label: string }) => m.label).join(', ') || 'none'}.`,
    usage: { input: 'task text', output: 'a trajectory', workflow: 'generate then verify', hardware: 'not verified', code: d?.code_repository ? 'released' : 'not verified' },
    innovations: ['Innovation one.'],
    results: ['Improves success by 12.5% (from the abstract).'],
  };
}

/** A valid day note picking the first featured papers and candidates. */
export function validDayNote(req: ChatRequest): Record<string, unknown> {
  const d = dataOf(req);
  const featured: { id: string; title: string }[] = d?.featured_papers ?? [];
  const candidates: { name: string }[] = d?.follow_candidates ?? [];
  return {
    summary: `Day ${d?.date}: agents everywhere.`,
    overview: 'Agents and RL dominate today.',
    top: featured.slice(0, 3).map((p) => ({ id: p.id, reason: `Read ${p.id} first.` })),
    alternate: featured[3] ? { id: featured[3].id, reason: 'Swap in if needed.' } : null,
    follow: candidates.slice(0, 3).map((c) => ({ name: c.name, reason: `Follow ${c.name}.` })),
    followNote: 'Stars verified where marked.',
    ideas: [
      { title: 'Idea A', body: 'Combine the first two papers.' },
      { title: 'Idea B', body: 'Test the third on code agents.' },
    ],
    routes: [{ theme: 'Agents', ids: featured.slice(0, 3).map((p) => p.id) }],
    conclusion: 'A good day for agents.',
  };
}

/** Answers every request with a valid note (the happy path). */
export const validScript: ChatScript = (req) => ({
  body: completion(JSON.stringify(kindOf(req) === 'day' ? validDayNote(req) : kindOf(req) === 'others' ? validOthersNote(req) : validPaperNote(req))),
});

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The file part of a multipart/form-data upload. */
function multipartFile(body: Buffer, contentType: string): string {
  const boundary = contentType.match(/boundary=(?:"([^"]+)"|([^;]+))/)?.slice(1).find(Boolean);
  if (!boundary) throw new Error('no multipart boundary');
  const text = body.toString('utf8');
  for (const part of text.split(`--${boundary}`)) {
    if (!/filename=/.test(part)) continue;
    const start = part.indexOf('\r\n\r\n');
    return part.slice(start + 4).replace(/\r\n$/, '');
  }
  throw new Error('no file part');
}

export async function startMockOpenAI(script: ChatScript = validScript, o: { batchPollsUntilDone?: number } = {}): Promise<MockServer> {
  let current = script;
  const chats: ChatRequest[] = [];
  const log: string[] = [];
  const files = new Map<string, string>();
  const batches = new Map<string, { id: string; input_file_id: string; polls: number; output_file_id?: string; status: string }>();
  let fileSeq = 0;
  let chatIndex = 0;

  const answerChat = async (path: string, body: ChatRequest['body'], headers: ChatRequest['headers'] = {}): Promise<MockReply> => {
    const req: ChatRequest = { path, body, index: chatIndex++, headers };
    chats.push(req);
    return current(req);
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    log.push(`${req.method} ${url.pathname}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    try {
      const raw = await readBody(req);
      if (req.method === 'POST' && url.pathname.endsWith('/chat/completions')) {
        const reply = await answerChat(url.pathname, JSON.parse(raw.toString('utf8')), req.headers);
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        if (res.destroyed) return;
        send(reply.status ?? 200, reply.raw ?? reply.body ?? {}, reply.headers);
        return;
      }
      if (req.method === 'POST' && url.pathname.endsWith('/files')) {
        const id = `file-${++fileSeq}`;
        files.set(id, multipartFile(raw, String(req.headers['content-type'] ?? '')));
        send(200, { id, object: 'file', bytes: raw.length, created_at: 1_780_000_000, filename: 'input.jsonl', purpose: 'batch', status: 'processed' });
        return;
      }
      const content = url.pathname.match(/\/files\/([^/]+)\/content$/);
      if (req.method === 'GET' && content) {
        const text = files.get(content[1]!);
        if (text === undefined) return send(404, { error: { message: 'no such file' } });
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(text);
        return;
      }
      if (req.method === 'POST' && url.pathname.endsWith('/batches')) {
        const body = JSON.parse(raw.toString('utf8')) as { input_file_id: string };
        if (!files.has(body.input_file_id)) return send(400, { error: { message: 'unknown input file' } });
        const id = `batch-${batches.size + 1}`;
        batches.set(id, { id, input_file_id: body.input_file_id, polls: 0, status: 'validating' });
        return send(200, batchObject(batches.get(id)!));
      }
      const batch = url.pathname.match(/\/batches\/([^/]+)$/);
      if (req.method === 'GET' && batch) {
        const b = batches.get(batch[1]!);
        if (!b) return send(404, { error: { message: 'no such batch' } });
        b.polls++;
        if (b.polls >= (o.batchPollsUntilDone ?? 2) && b.status !== 'completed') {
          // Run every line through the chat script and store the results file.
          const lines = files.get(b.input_file_id)!.split('\n').filter(Boolean);
          const out: string[] = [];
          for (const line of lines) {
            const item = JSON.parse(line) as { custom_id: string; url: string; body: ChatRequest['body'] };
            const reply = await answerChat(item.url, item.body);
            out.push(JSON.stringify({ id: `resp-${item.custom_id}`, custom_id: item.custom_id, response: { status_code: reply.status ?? 200, request_id: 'r', body: reply.body ?? JSON.parse(reply.raw ?? '{}') }, error: null }));
          }
          const outId = `file-${++fileSeq}`;
          files.set(outId, `${out.join('\n')}\n`);
          b.output_file_id = outId;
          b.status = 'completed';
        } else if (b.status === 'validating') {
          b.status = 'in_progress';
        }
        return send(200, batchObject(b));
      }
      send(404, { error: { message: `no route ${req.method} ${url.pathname}` } });
    } catch (error) {
      send(500, { error: { message: (error as Error).message } });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    chats,
    log,
    files,
    setScript: (s) => {
      current = s;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => {});
    },
  };
}

function batchObject(b: { id: string; input_file_id: string; status: string; output_file_id?: string }) {
  return {
    id: b.id,
    object: 'batch',
    endpoint: '/v1/chat/completions',
    input_file_id: b.input_file_id,
    completion_window: '24h',
    status: b.status,
    output_file_id: b.output_file_id ?? null,
    error_file_id: null,
    created_at: 1_780_000_000,
    request_counts: { total: 0, completed: 0, failed: 0 },
  };
}
