import { createPresenceStore } from '../presence.js'
import { describePresence } from '../testing/presence-conformance.js'
import { redisSkipReason } from './testing/redis-test-server.js'
import { redisTestNodes } from './testing/redis-test-nodes.js'

const skip = await redisSkipReason()
const openNodes = redisTestNodes()

describePresence('redis', async (count) => (await openNodes(count)).map((bus) => createPresenceStore(bus)), skip ? { skip } : {})
