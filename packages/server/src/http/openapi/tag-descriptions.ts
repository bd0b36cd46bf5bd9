/** What each resource group of the API document is about; a tag not listed gets a plain default. */
export const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  apps: 'Apps (tenants), their secret and settings. Creating and listing apps takes the operator key.',
  users: 'The users of an app and the tokens your backend mints for them.',
  conversations: 'Direct and group conversations, their history, and sending messages.',
  groups: 'Group membership, roles, mutes, transfer and dissolution.',
  friends: 'Friends and blocks between users.',
  messages: 'Editing, recalling and reacting to messages; search.',
  webhooks: 'Webhooks (events POSTed to your backend, signed with Warbler-Signature) and the before-send hook.',
  files: 'File uploads and signed, expiring download URLs.',
  knowledge: 'Knowledge bases and their documents, which bots answer from.',
  bots: 'Bots: users of kind `bot` that answer with a model and knowledge bases.',
  widget: 'The website widget: its public configuration and visitors.',
  compliance: 'Audit chain, retention, export and erasure.',
  support: 'Customer service: agents, hand-off, support state, notes and CSAT.',
  tools: 'Tools bots can call in your business systems, and their audited calls.',
  quality: 'Choosing and tuning the model: feedback on answers, eval sets and runs, A/B variants, knowledge gaps.',
  push: 'Push notifications: device targets, preferences, provider credentials and the delivery log.',
}
