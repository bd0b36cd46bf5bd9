import { redisSkipReason } from '../bus/redis/testing/redis-test-server.js'
import { redisTestNodes } from '../bus/redis/testing/redis-test-nodes.js'
import { createLeases } from './leases.js'
import { describeLeases } from './testing/lease-conformance.js'

const skip = await redisSkipReason()
const openNodes = redisTestNodes()

describeLeases('redis', async (count) => (await openNodes(count)).map((bus) => createLeases(bus)), skip ? { skip } : {})
