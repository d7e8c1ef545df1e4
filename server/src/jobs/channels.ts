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

/**
 * The markdown a WeCom group robot shows for a message. The group reads it in the WeCom app, far
 * from the desk: a link is only useful absolute, so without the public address the message says
 * where to look instead of printing a path nobody can click.
 */
export function wecomMarkdown(m: ChannelMessage, publicUrl?: string): string {
  const lines = [`**${m.title}**`, `> ${m.text.replace(/\n/g, '\n> ')}`];
  if (m.link && publicUrl) lines.push(`[查看详情](${deskUrl(publicUrl, m.link)})`);
  else if (m.link) lines.push('详情请登录共建平台，在“履职看板”中查看。');
  return lines.join('\n');
}

/** A desk path under the public address, keeping a path prefix the address may carry. */
function deskUrl(publicUrl: string, link: string): string {
  const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  return new URL(link.replace(/^\/+/, ''), base).href;
}

/**
 * The WeCom (企业微信) group-robot channel: POSTs `{ msgtype: 'markdown', markdown: { content } }`
 * to the robot's webhook URL, with a timeout; a non-2xx answer or a non-zero `errcode` throws.
 * `publicUrl` (the desk's public address) makes drill-down links absolute.
 */
export function wecomChannel(
  webhookUrl: string,
  { publicUrl, timeoutMs = 10_000 }: { publicUrl?: string; timeoutMs?: number } = {},
): Channel {
  return {
    name: 'wecom',
    async send(message) {
      const res = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          msgtype: 'markdown',
          markdown: { content: wecomMarkdown(message, publicUrl) },
        }),
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
