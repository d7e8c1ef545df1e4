import type { ChannelMessage } from './channels.ts';
import type { Job } from './types.ts';

/** One message for one channel. */
export interface DeliveryData {
  channel: string;
  message: ChannelMessage;
}

/**
 * Deliver a message through one channel. A failure throws, so pg-boss retries the job with
 * backoff; a channel no longer configured drops the message (there is nowhere to send it).
 */
export const channelDeliveryJob: Job<DeliveryData> = {
  name: 'channel-delivery',
  retry: { limit: 5, delaySeconds: 30 },
  async run(ctx, data) {
    const channel = ctx.channels.find((c) => c.name === data.channel);
    if (!channel) {
      ctx.log(`channel-delivery: channel ${data.channel} is not configured; message dropped`);
      return { delivered: false };
    }
    await channel.send(data.message);
    return { delivered: true };
  },
};
