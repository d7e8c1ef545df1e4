/** A message for an outside channel, in Chinese: the groups these channels reach read Chinese. */
export interface ChannelMessage {
  title: string;
  text: string;
  /** The drill-down path inside Gongjian, when there is one. */
  link: string | null;
}

/**
 * A delivery channel beyond the in-app inbox. `send` throws on any failure so the delivery job
 * fails and pg-boss retries it.
 */
export interface Channel {
  name: string;
  send(message: ChannelMessage): Promise<void>;
}

/** WeCom group robots answer HTTP 200 with `errcode` ≠ 0 when they refuse a message. */
interface WecomReply {
  errcode?: number;
  errmsg?: string;
}

/** The markdown a WeCom group robot shows for a message. */
export function wecomMarkdown(m: ChannelMessage): string {
  const lines = [`**${m.title}**`, `> ${m.text.replace(/\n/g, '\n> ')}`];
  if (m.link) lines.push(`详情：${m.link}`);
  return lines.join('\n');
}

/**
 * The WeCom (企业微信) group-robot channel: POSTs `{ msgtype: 'markdown', markdown: { content } }`
 * to the robot's webhook URL, with a timeout; a non-2xx answer or a non-zero `errcode` throws.
 */
export function wecomChannel(webhookUrl: string, timeoutMs = 10_000): Channel {
  return {
    name: 'wecom',
    async send(message) {
      const res = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msgtype: 'markdown', markdown: { content: wecomMarkdown(message) } }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`WeCom webhook answered HTTP ${res.status}`);
      let reply: WecomReply = {};
      try {
        reply = JSON.parse(text) as WecomReply;
      } catch {
        // A robot proxy may answer 2xx without a body: nothing refused it.
      }
      if (reply.errcode)
        throw new Error(`WeCom webhook refused the message: ${reply.errcode} ${reply.errmsg ?? ''}`);
    },
  };
}
