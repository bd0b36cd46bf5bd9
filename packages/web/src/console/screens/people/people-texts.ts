import { registerTexts } from '../../register-texts.js'

const en = {
  console: {
    people: {
      searchHint: 'Type a name or id; up and down arrows choose, Enter picks.',
      noMatch: 'Nobody matches “{{query}}”.',
      remove: 'Remove {{name}}',
      bot: 'bot',
      searching: 'Searching…',
      chosen_one: '{{count}} chosen',
      chosen_other: '{{count}} chosen',
      owner: 'Owner',
      members: 'Members',
      addMembers: 'Add members',
      pickOwner: 'Pick the owner from the list.',
    },
  },
}

const zhCN: typeof en = {
  console: {
    people: {
      searchHint: '输入名称或 ID；用上下方向键选择，回车确定。',
      noMatch: '没有与“{{query}}”匹配的人。',
      remove: '移除 {{name}}',
      bot: '机器人',
      searching: '正在搜索…',
      chosen_one: '已选 {{count}} 人',
      chosen_other: '已选 {{count}} 人',
      owner: '群主',
      members: '成员',
      addMembers: '添加成员',
      pickOwner: '请从列表中选择群主。',
    },
  },
}

registerTexts({ en, zhCN })
