import { registerTexts } from '../../register-texts.js'

const en = {
  console: {
    users: {
      open: 'Details of {{name}}',
      back: 'All users',
      profile: 'Profile',
      created: 'Created',
      avatar: 'Avatar',
      noAvatar: 'none',
      extra: 'Custom fields (ext)',
      devices: 'Devices (push notifications)',
      noDevices: 'No device registered for push notifications.',
      device: 'Device',
      provider: 'Service',
      registered: 'Registered',
      lastSeen: 'Updated',
      conversations: 'Conversations',
      noConversations: 'No conversations yet.',
      conversation: 'Conversation',
      kindOf: { direct: 'Direct', group: 'Group', system: 'System' },
      unread: 'Unread',
      lastActivity: 'Last activity',
      role: 'Role',
      moderation: 'Moderation',
      revokeExplain: 'Revoking signs the user out everywhere: open connections close and push devices are removed.',
      bannedNow: '{{id}} is banned: they cannot connect.',
      unbannedNow: '{{id}} may connect again.',
      notFound: 'This user does not exist in this app.',
    },
  },
}

const zhCN: typeof en = {
  console: {
    users: {
      open: '{{name}} 的详情',
      back: '全部用户',
      profile: '资料',
      created: '创建时间',
      avatar: '头像',
      noAvatar: '无',
      extra: '自定义字段（ext）',
      devices: '设备（推送通知）',
      noDevices: '没有登记推送通知的设备。',
      device: '设备',
      provider: '推送服务',
      registered: '登记时间',
      lastSeen: '更新时间',
      conversations: '会话',
      noConversations: '还没有会话。',
      conversation: '会话',
      kindOf: { direct: '单聊', group: '群聊', system: '系统' },
      unread: '未读',
      lastActivity: '最近活动',
      role: '角色',
      moderation: '管理',
      revokeExplain: '吊销后该用户在所有地方退出登录：已打开的连接会关闭，推送设备会被移除。',
      bannedNow: '{{id}} 已被封禁：无法再连接。',
      unbannedNow: '{{id}} 可以重新连接。',
      notFound: '此应用中没有这个用户。',
    },
  },
}

registerTexts({ en, zhCN })
