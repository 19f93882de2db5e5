// What the companion edge tells the desktop about an outbound call in its 18x/200 responses: its own call
// id (wrap-up and ratings use it) and the conversation it created or joined (§8.3), so wrap-up notes land
// there. Values come from the network: cleaned and bounded like the inbound X- headers.
import { SIP_HEADER } from '../../../shared/sip-headers.js';
import { cleanValue } from './call-headers.js';

export interface OutboundLink {
  companionCallId: string | null;
  conversationId: string | null;
}

const ID = /^[A-Za-z0-9-]{1,100}$/;

export function readOutboundLink(header: (name: string) => string | undefined): OutboundLink {
  const id = (name: string) => {
    const v = cleanValue(header(name));
    return v !== null && ID.test(v) ? v : null;
  };
  return { companionCallId: id(SIP_HEADER.companionCallId), conversationId: id(SIP_HEADER.conversationId) };
}
