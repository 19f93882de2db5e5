// Auto-answer (issue 3): off by default; when the agent turns it on, an incoming call is answered by
// itself, after the delay a `Call-Info: <...>;answer-after=N` header asks for (RFC 5373 style), else at once.

/** Longest delay we honour; a larger value is treated as a mistake and capped. */
export const MAX_ANSWER_AFTER_SECONDS = 60;

/** Seconds from the first `answer-after=N` parameter of a Call-Info header, or null when there is none. */
export function parseAnswerAfter(callInfo: string | undefined): number | null {
  if (!callInfo) return null;
  const m = /;\s*answer-after\s*=\s*"?(\d{1,6})"?/i.exec(callInfo);
  if (!m?.[1]) return null;
  return Math.min(MAX_ANSWER_AFTER_SECONDS, Number(m[1]));
}

/** Delay in ms before answering, or null to leave the call ringing for the agent. */
export function autoAnswerDelayMs(enabled: boolean, callInfo: string | undefined): number | null {
  if (!enabled) return null;
  const after = parseAnswerAfter(callInfo);
  return (after ?? 0) * 1000;
}
