import { describePresence } from '../testing/presence-conformance.js'
import { MemoryPresenceStore } from './memory-presence-store.js'

// One node: "several nodes" share the one store.
describePresence('memory', async (count) => {
  const store = new MemoryPresenceStore()
  return Array.from({ length: count }, () => store)
})
