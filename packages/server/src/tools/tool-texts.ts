/** What the bot says around tool calls when no model words it (English and 中文 together: the user's locale is unknown here). */
export const TOOL_TEXTS = {
  declined: (tool: string) => `OK, I did not run ${tool}. / 好的，未执行 ${tool}。`,
  done: (tool: string) => `Done: ${tool} ran. / 已完成：${tool} 已执行。`,
  failed: (tool: string) => `Sorry, ${tool} did not work. / 抱歉，${tool} 执行失败。`,
  /** What the model reads after a failed call when a person can take over. */
  failedCanHandOff: 'The tool did not work. If the user still needs this, call handoff with reason tool_failure and a short summary, and tell the user a person will take over.',
  /** What the model reads while a write call waits for the user's yes. */
  awaitingApproval:
    'This action changes data, so it has NOT run yet: the user was shown a confirmation card with these exact arguments. ' +
    'Tell the user briefly what will happen and that it runs once they approve. Do not claim it is done.',
}
