import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { browserAvailability, newContext, screenshot } from './helpers/browser.js'
import { useChatEnvironment } from './helpers/chat-environment.js'

const availability = browserAvailability()

describe.skipIf(!availability.run)('chat message actions in Chromium', { timeout: 90_000 }, () => {
  const env = useChatEnvironment()

  const { signInAs } = env

  async function openMenu(page: Page, text: string) {
    const message = page.getByTestId('message').filter({ hasText: text }).first()
    await message.hover()
    await message.getByTestId('message-actions').click()
    return page.getByRole('menu')
  }

  it('reply, react, edit, recall: the other side sees each change, typing and a read receipt', async () => {
    const alice = await (await newContext(env.browser)).newPage()
    const bob = await (await newContext(env.browser)).newPage()
    await signInAs(alice, 'alice')
    await signInAs(bob, 'bob')

    // The Demo group's preview is its last message or notice, never a false "recalled".
    const demoRow = alice.getByTestId('conversation-row').filter({ hasText: 'Demo' })
    await demoRow.waitFor()
    expect(await demoRow.textContent()).not.toContain('recalled')

    await alice.getByPlaceholder('Chat with… (name or user id)').fill('bob')
    await alice.getByRole('button', { name: 'Open' }).click()
    await expect.poll(() => alice.getByTestId('conversation-heading').textContent()).toBe('Bob')
    await alice.getByTestId('composer').fill('Lunch at noon?')
    await alice.keyboard.press('Enter')

    await bob.getByTestId('conversation-row').filter({ has: bob.locator('.conversation-title', { hasText: /^Alice$/ }) }).click()
    await bob.getByTestId('message').filter({ hasText: 'Lunch at noon?' }).waitFor({ timeout: 8000 }).catch(async (e) => { await screenshot(bob, 'debug-bob'); await screenshot(alice, 'debug-alice'); throw e })

    // Bob has read it: Alice sees "Read" under her message; Bob sees Alice online.
    await alice.getByTestId('read-receipt').filter({ hasText: 'Read' }).waitFor()
    await bob.getByTestId('presence').filter({ hasText: 'Online' }).waitFor()

    // Bob types: Alice sees it in the header.
    await bob.getByTestId('composer').pressSequentially('Sure', { delay: 20 })
    await alice.getByTestId('typing-indicator').filter({ hasText: 'Bob is typing…' }).waitFor()
    await screenshot(alice, 'chat-actions-typing')
    await bob.getByTestId('composer').fill('')

    // Bob replies to it, with the keyboard-reachable menu.
    const menu = await openMenu(bob, 'Lunch at noon?')
    await menu.getByRole('menuitem', { name: 'Reply' }).click()
    await bob.getByTestId('reply-banner').filter({ hasText: 'Replying to Alice' }).waitFor()
    await bob.getByTestId('composer').fill('Yes, see you there')
    await bob.keyboard.press('Enter')
    const reply = alice.getByTestId('message').filter({ hasText: 'Yes, see you there' })
    await reply.waitFor()
    expect(await reply.getByTestId('quote').textContent()).toContain('Lunch at noon?')
    await expect.poll(() => bob.getByTestId('reply-banner').count()).toBe(0)

    // Bob reacts; Alice sees the chip and adds hers (count 2, hers highlighted).
    const bobMenu = await openMenu(bob, 'Lunch at noon?')
    await bobMenu.getByRole('menuitem', { name: 'React with 👍' }).click()
    const aliceMessage = alice.getByTestId('message').filter({ hasText: 'Lunch at noon?' }).first()
    await aliceMessage.getByTestId('reaction').filter({ hasText: '👍' }).waitFor()
    await aliceMessage.getByTestId('reaction').filter({ hasText: '👍' }).click()
    await expect.poll(() => aliceMessage.getByTestId('reaction').textContent()).toContain('2')
    expect(await aliceMessage.getByTestId('reaction').getAttribute('aria-pressed')).toBe('true')
    const bobMessage = bob.getByTestId('message').filter({ hasText: 'Lunch at noon?' }).first()
    await expect.poll(() => bobMessage.getByTestId('reaction').textContent()).toContain('2')

    // Alice edits her message inline; Bob sees the new text and "edited".
    const editMenu = await openMenu(alice, 'Lunch at noon?')
    await editMenu.getByRole('menuitem', { name: 'Edit' }).click()
    await alice.getByTestId('edit-box').fill('Lunch at 12:30?')
    await alice.keyboard.press('Enter')
    const edited = bob.getByTestId('message').filter({ hasText: 'Lunch at 12:30?' }).first()
    await edited.getByTestId('edited').waitFor()
    await screenshot(bob, 'chat-actions-bob')
    await screenshot(alice, 'chat-actions-alice')

    // Alice sends another and recalls it; Bob sees the placeholder.
    await alice.getByTestId('composer').fill('Oops, wrong chat')
    await alice.keyboard.press('Enter')
    await bob.getByTestId('message').filter({ hasText: 'Oops, wrong chat' }).waitFor()
    const recallMenu = await openMenu(alice, 'Oops, wrong chat')
    await recallMenu.getByRole('menuitem', { name: 'Recall' }).click()
    await bob.getByTestId('message').filter({ hasText: 'This message was recalled.' }).waitFor()
    expect(await bob.getByTestId('message').filter({ hasText: 'Oops, wrong chat' }).count()).toBe(0)

    // Bob deletes the recalled placeholder's neighbour (his reply) for himself only.
    const deleteMenu = await openMenu(bob, 'Yes, see you there')
    await deleteMenu.getByRole('menuitem', { name: 'Delete for me' }).click()
    await expect.poll(() => bob.getByTestId('message').filter({ hasText: 'Yes, see you there' }).count()).toBe(0)
    expect(await alice.getByTestId('message').filter({ hasText: 'Yes, see you there' }).count()).toBe(1)

    // Search finds the edited message and opens its conversation.
    await bob.getByTestId('message-search').fill('12:30')
    await bob.keyboard.press('Enter')
    await bob.getByTestId('search-hit').first().waitFor()
    await screenshot(bob, 'chat-actions-search')
    await bob.getByTestId('search-hit').first().click()
    await expect.poll(() => bob.getByTestId('conversation-heading').textContent()).toBe('Alice')
  })

  it('in a small group the sender sees "Read by N"', async () => {
    const alice = await (await newContext(env.browser)).newPage()
    const carol = await (await newContext(env.browser)).newPage()
    await signInAs(alice, 'alice')
    await signInAs(carol, 'carol')
    await alice.getByTestId('conversation-row').filter({ hasText: 'Demo' }).click()
    await alice.getByTestId('composer').fill('Standup in five')
    await alice.keyboard.press('Enter')
    await alice.getByTestId('message').filter({ hasText: 'Standup in five' }).waitFor()
    await carol.getByTestId('conversation-row').filter({ hasText: 'Demo' }).click()
    await carol.getByTestId('message').filter({ hasText: 'Standup in five' }).waitFor()
    await alice.getByTestId('read-receipt').filter({ hasText: /Read by [1-9]/ }).waitFor()
    await screenshot(alice, 'chat-actions-group-read')
  })

  it('the message menu works with the keyboard', async () => {
    const page = await (await newContext(env.browser)).newPage()
    await signInAs(page, 'carol')
    await page.getByLabel('Find people by name or user id').fill('bob')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('conversation-heading').textContent()).toBe('Bob')
    await page.getByLabel('Message', { exact: true }).fill('Keyboard only')
    await page.keyboard.press('Enter')
    const message = page.getByTestId('message').filter({ hasText: 'Keyboard only' })
    await message.waitFor()
    await message.getByRole('button', { name: 'Message actions' }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('menu').waitFor()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await message.getByTestId('reaction').filter({ hasText: '❤️' }).waitFor()
    await message.getByRole('button', { name: 'Message actions' }).focus()
    await page.keyboard.press('Escape')
    expect(await page.getByRole('menu').count()).toBe(0)
  })
})
