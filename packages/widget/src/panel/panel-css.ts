/** The panel's CSS (inside the shadow root, next to the launcher's). */
export const PANEL_CSS = `
.panel { position: fixed; bottom: 88px; width: 380px; max-width: calc(100vw - 24px); height: 600px; max-height: calc(100vh - 108px);
  background: #fff; color: #111827; border-radius: 16px; box-shadow: 0 12px 40px rgba(0,0,0,.28); display: flex; flex-direction: column; overflow: hidden; z-index: 2147483001; }
.panel.right { right: 20px; } .panel.left { left: 20px; }
.panel[hidden], form[hidden], .banner[hidden] { display: none !important; }
@media (max-width: 480px) { .panel { inset: 0; width: 100vw; max-width: 100vw; height: 100%; max-height: 100%; border-radius: 0; bottom: 0; } }
header { display: flex; align-items: center; gap: 8px; padding: 12px 14px; background: var(--w-accent, #2563eb); color: #fff; }
header .title { flex: 1; font-weight: 700; font-size: 15px; }
header .status { font-size: 12px; opacity: .9; }
.icon { background: transparent; border: 0; color: inherit; cursor: pointer; width: 36px; height: 36px; border-radius: 8px; display: inline-flex; align-items: center; justify-content: center; padding: 0; }
.icon:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible { outline: 3px solid #111827; outline-offset: 2px; }
header .icon:focus-visible { outline-color: #fff; }
.icon svg { width: 20px; height: 20px; fill: currentColor; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f9fafb; }
.greeting { color: #374151; background: #fff; border: 1px solid #e5e7eb; border-radius: 12px; padding: 10px 12px; }
.msg { max-width: 85%; display: flex; flex-direction: column; gap: 2px; }
.msg .who { font-size: 12px; color: #4b5563; }
.msg .bubble { padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid #e5e7eb; }
.msg.me { align-self: flex-end; align-items: flex-end; }
.msg.me .bubble { background: var(--w-accent, #2563eb); color: #fff; border-color: transparent; }
.msg.failed .bubble { opacity: .7; border: 1px dashed #dc2626; cursor: pointer; }
.msg .meta { font-size: 11px; color: #6b7280; }
.msg img { max-width: 220px; max-height: 220px; border-radius: 10px; display: block; }
.msg a { color: inherit; text-decoration: underline; }
.sources { margin: 4px 0 0; padding: 0 0 0 18px; font-size: 12px; color: #374151; }
.notice { align-self: center; text-align: center; font-size: 12px; color: #374151; background: #eef2ff; border-radius: 10px; padding: 6px 10px; max-width: 90%; }
.typing { min-height: 18px; padding: 0 14px; font-size: 12px; color: #4b5563; background: #f9fafb; }
.banner { padding: 8px 14px; font-size: 13px; background: #fef3c7; color: #78350f; }
.banner[hidden] { display: none; }
form.composer { display: flex; align-items: flex-end; gap: 6px; padding: 8px; border-top: 1px solid #e5e7eb; background: #fff; }
form.composer .icon { color: #374151; }
textarea { flex: 1; resize: none; min-height: 40px; max-height: 120px; padding: 9px 12px; border: 1px solid #9ca3af; border-radius: 12px; background: #fff; color: #111827; }
.send { background: var(--w-accent, #2563eb); color: #fff; }
.form { padding: 16px; display: flex; flex-direction: column; gap: 10px; overflow-y: auto; flex: 1; }
.form label { display: flex; flex-direction: column; gap: 4px; font-size: 13px; color: #374151; }
.form label.check { flex-direction: row; align-items: flex-start; gap: 8px; }
.form input[type=text], .form input[type=email], .form input[type=tel], .csat textarea { padding: 9px 12px; border: 1px solid #9ca3af; border-radius: 10px; color: #111827; background: #fff; }
.primary { background: var(--w-accent, #2563eb); color: #fff; border: 0; border-radius: 10px; padding: 10px 14px; cursor: pointer; font-weight: 600; }
.csat { align-self: stretch; background: #fff; border: 1px solid #e5e7eb; border-radius: 12px; padding: 10px 12px; display: flex; flex-direction: column; gap: 8px; }
.stars { display: flex; gap: 4px; }
.stars button { width: 36px; height: 36px; border: 1px solid #9ca3af; border-radius: 8px; background: #fff; cursor: pointer; font-size: 18px; color: #92400e; }
.stars button[aria-pressed=true] { background: #fde68a; }
.error { color: #b91c1c; font-size: 13px; }
.msg.wide { max-width: 100%; align-self: stretch; }
.tool { background: #fff; border: 1px solid #9ca3af; border-radius: 12px; padding: 10px 12px; display: flex; flex-direction: column; gap: 6px; overflow-wrap: anywhere; }
.tool p, .tool dl { margin: 0; }
.tool strong { font-weight: 700; }
.tool dl { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: 2px 10px; font-size: 13px; }
.tool dt { color: #4b5563; } .tool dd { margin: 0; color: #111827; }
.tool .small { font-size: 12px; color: #4b5563; }
.tool .actions { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; }
.tool .actions button { min-height: 40px; min-width: 96px; }
.tool [role=status]:empty { display: none; }
.secondary { background: #fff; color: #111827; border: 1px solid #6b7280; border-radius: 10px; padding: 10px 14px; cursor: pointer; font-weight: 600; }
button:disabled { opacity: .6; cursor: default; }
.notify { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 6px 12px; border-bottom: 1px solid #e5e7eb; background: #fff; font-size: 13px; color: #374151; }
.notify button { padding: 6px 10px; font-size: 13px; min-height: 36px; }
.feedback { display: flex; flex-direction: column; gap: 4px; margin-top: 2px; }
.feedback-row { display: flex; gap: 4px; }
.feedback-button { min-width: 40px; min-height: 36px; border: 1px solid #9ca3af; border-radius: 8px; background: #fff; cursor: pointer; font-size: 16px; line-height: 1; }
.feedback-button[aria-pressed=true] { background: #dbeafe; border-color: #1d4ed8; }
.feedback-status { margin: 0; font-size: 12px; color: #4b5563; }
.feedback-status:empty, .feedback .error:empty { display: none; }
.feedback .error { margin: 0; }
.feedback-form { background: #fff; border: 1px solid #9ca3af; border-radius: 12px; padding: 8px 10px; display: flex; flex-direction: column; gap: 6px; }
.feedback-form fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; }
.feedback-form legend { font-size: 13px; font-weight: 600; color: #111827; margin-bottom: 4px; padding: 0; }
.feedback-form label { display: inline-flex; align-items: center; gap: 4px; font-size: 13px; color: #111827; min-height: 32px; }
.feedback-form textarea { min-height: 40px; }
.feedback-form .actions { display: flex; gap: 8px; justify-content: flex-end; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`
