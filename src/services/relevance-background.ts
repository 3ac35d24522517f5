/**
 * Queries no catalog should match well: generic words, off-topic sentences and keyboard noise.
 * Their similarities to the catalog are the background that text search relevance is measured
 * against (src/services/relevance.ts). Each model embeds them itself, so nothing here depends on a
 * model's score scale. Keep the README's example queries and the nonsense query the tests use
 * ("asdfghjkl qwerty") out of this list, or the measurement in docs/relevance.md means nothing.
 */
export const BACKGROUND_TEXTS: readonly string[] = [
  // generic words a person types before knowing what to ask
  "music",
  "song",
  "track",
  "audio",
  "something",
  "anything",
  "stuff",
  "test",
  "hello",
  "the",
  "good",
  "nice",
  "a b c",
  "123",
  "untitled",
  "sound file",
  // off-topic sentences
  "quarterly tax report for the accounting department",
  "how do I reset my password",
  "recipe for chicken soup with carrots",
  "the weather in Paris tomorrow",
  "change a flat tyre on a bicycle",
  "stock market prices fell on Monday",
  "a red car parked next to the house",
  "invoice number 4471 is overdue",
  "meeting notes from the project review",
  "the cat sleeps on the sofa",
  "train timetable from Berlin to Munich",
  "install the printer driver on windows",
  "how many calories in a banana",
  "football results of the weekend",
  "buy cheap flights to London",
  "the history of the roman empire",
  "python list comprehension example",
  "dentist appointment next Tuesday",
  "shipping address and phone number",
  "lorem ipsum dolor sit amet",
  // keyboard noise and junk
  "zxcvbnm",
  "qazwsx edcrfv",
  "hjkl uiop",
  "xyzzy plugh",
  "foo bar baz",
  "aaaaaaa",
  "mnbvcxz lkjhg",
  "wxyz 0987",
  "blorf snizzle",
  "qwop",
  "ttttt rrrrr",
  "??? !!!",
];
