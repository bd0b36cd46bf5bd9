import { WarblerError } from '@warbler/protocol'
import { newId } from '../domain/ids.js'
import type { Storage } from '../storage/storage.js'
import type { CannedReplyRecord, CsatRecord, NoteRecord } from '../storage/support-store.js'
import type { SupportService } from './support-service.js'
import { merge, type PutSupportSettings, type SupportSettings } from './support-settings.js'

/** A note as the API shows it. */
export type NoteView = Omit<NoteRecord, 'appId'>
/** A canned reply as the API shows it. */
export type CannedReplyView = Omit<CannedReplyRecord, 'appId'>
/** A CSAT rating as the API shows it. */
export interface CsatView {
  conversationId: string
  userId: string
  rating: number
  comment?: string
  resolvedAt: number
  createdAt: number
}

const noteView = ({ appId: _appId, ...note }: NoteRecord): NoteView => note
const cannedView = ({ appId: _appId, ...reply }: CannedReplyRecord): CannedReplyView => reply

/**
 * What agents keep beside a conversation: private notes (a table of their own, never events, so no
 * read path of members can reach them), canned replies, CSAT ratings and the app's settings.
 */
export class SupportRecords {
  constructor(
    private readonly support: SupportService,
    private readonly storage: Storage,
  ) {}

  private get store() {
    return this.storage.support
  }

  private now() {
    return this.support.clock.now()
  }

  async addNote(appId: string, conversationId: string, input: { authorId: string; text: string }): Promise<NoteView> {
    if (!(await this.storage.conversations.get(appId, conversationId))) throw new WarblerError('conversation_not_found')
    if (!(await this.support.isAgent(appId, input.authorId))) throw new WarblerError('forbidden', 'Only agents write notes.')
    const note: NoteRecord = { appId, id: newId('note'), conversationId, authorId: input.authorId, text: input.text, createdAt: this.now() }
    await this.store.addNote(note)
    return noteView(note)
  }

  async notes(appId: string, conversationId: string): Promise<NoteView[]> {
    if (!(await this.storage.conversations.get(appId, conversationId))) throw new WarblerError('conversation_not_found')
    return (await this.store.listNotes(appId, conversationId)).map(noteView)
  }

  /** One rating per resolution, by the conversation's customer, after it was resolved. */
  async rate(appId: string, conversationId: string, input: { userId: string; rating: number; comment?: string }): Promise<CsatView> {
    const state = await this.store.getState(appId, conversationId)
    if (!state) throw new WarblerError('conversation_not_found', 'The conversation was never handed to a person.')
    if (state.customerId !== input.userId) throw new WarblerError('forbidden', 'Only the customer of the conversation rates it.')
    if (state.caseId === null || state.resolvedAt === null || (state.status !== 'resolved' && state.status !== 'bot')) {
      throw new WarblerError('conflict', 'The conversation has not been resolved yet.')
    }
    const record: CsatRecord = {
      appId, conversationId, caseId: state.caseId, userId: input.userId, rating: input.rating, comment: input.comment ?? null,
      assigneeId: state.assigneeId, team: state.team, resolvedAt: state.resolvedAt, createdAt: this.now(),
    }
    if (record.assigneeId === null) {
      const queuedAt = state.queuedAt ?? 0
      const cases = await this.store.listCases(appId, { from: queuedAt, to: queuedAt + 1 })
      record.assigneeId = cases.find((entry) => entry.id === state.caseId)?.assigneeId ?? null
    }
    try {
      await this.store.addCsat(record)
    } catch (error) {
      if (WarblerError.isInstance(error) && error.code === 'already_exists') throw new WarblerError('conflict', 'This resolution was rated already.')
      throw error
    }
    await this.support.emitCsat(appId, record)
    return { conversationId, userId: record.userId, rating: record.rating, ...(record.comment === null ? {} : { comment: record.comment }), resolvedAt: record.resolvedAt, createdAt: record.createdAt }
  }

  async cannedReplies(appId: string): Promise<CannedReplyView[]> {
    return (await this.store.listCannedReplies(appId)).map(cannedView)
  }

  async createCannedReply(appId: string, input: { shortcut: string; text: string }): Promise<CannedReplyView> {
    const now = this.now()
    const record: CannedReplyRecord = { appId, id: newId('canned'), shortcut: input.shortcut, text: input.text, createdAt: now, updatedAt: now }
    await this.store.createCannedReply(record)
    return cannedView(record)
  }

  async updateCannedReply(appId: string, id: string, patch: { shortcut?: string; text?: string }): Promise<CannedReplyView> {
    const updated = await this.store.updateCannedReply(appId, id, { ...patch, updatedAt: this.now() })
    if (!updated) throw new WarblerError('not_found', `No canned reply ${id}.`)
    return cannedView(updated)
  }

  async deleteCannedReply(appId: string, id: string): Promise<void> {
    if (!(await this.store.deleteCannedReply(appId, id))) throw new WarblerError('not_found', `No canned reply ${id}.`)
  }

  async putSettings(appId: string, change: PutSupportSettings): Promise<SupportSettings> {
    const next = merge(await this.support.settings(appId), change)
    await this.store.putSettings(appId, next, this.now())
    return next
  }
}
