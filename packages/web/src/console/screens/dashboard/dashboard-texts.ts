import { registerTexts } from '../../register-texts.js'

const en = {
  console: {
    nav: { dashboard: 'Dashboard' },
    dashboard: {
      heading: 'Dashboard',
      intro: 'What is happening in {{app}} today.',
      noApp: 'Create an app first (Apps).',
      counts: 'At a glance',
      people: 'People',
      bots: 'Bots',
      conversations: 'Conversations',
      messagesToday: 'Messages today',
      openSupport: 'Open support conversations',
      openDetail: '{{queued}} waiting · {{assigned}} assigned · {{snoozed}} snoozed',
      activity: 'Recent activity',
      noActivity: 'No changes recorded yet.',
      verbs: { create: 'Created', change: 'Changed', delete: 'Deleted', other: 'Did' },
      by: 'by {{actor}}',
      actors: { console: 'console', operator: 'operator', user: 'user', 'app-secret': 'app secret' },
      allActivity: 'See all changes',
      open: 'Open',
    },
  },
}

const zhCN: typeof en = {
  console: {
    nav: { dashboard: '概览' },
    dashboard: {
      heading: '概览',
      intro: '{{app}} 今天的情况。',
      noApp: '请先创建一个应用（应用）。',
      counts: '一览',
      people: '用户',
      bots: '机器人',
      conversations: '会话',
      messagesToday: '今日消息',
      openSupport: '待处理的客服会话',
      openDetail: '{{queued}} 个排队 · {{assigned}} 个已分配 · {{snoozed}} 个已延后',
      activity: '最近动态',
      noActivity: '还没有记录任何变更。',
      verbs: { create: '创建', change: '修改', delete: '删除', other: '操作' },
      by: '操作者 {{actor}}',
      actors: { console: '控制台', operator: '运维密钥', user: '用户', 'app-secret': '应用密钥' },
      allActivity: '查看全部变更',
      open: '打开',
    },
  },
}

registerTexts({ en, zhCN })
