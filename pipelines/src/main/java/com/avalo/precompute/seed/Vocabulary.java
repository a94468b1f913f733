package com.avalo.precompute.seed;

/**
 * The fixed word lists the seed composes names, bios, messages and posts from.
 *
 * <p>Messages deliberately include emoji outside the Basic Multilingual Plane (surrogate pairs
 * in Java strings), skin-tone modifiers, ZWJ sequences and flags, so previews that trim text
 * must cut on character boundaries.
 */
final class Vocabulary {
  private Vocabulary() {}

  static final String[] FEMALE_NAMES = {
      "Olivia", "Emma", "Ava", "Sophia", "Isabella", "Mia", "Amelia", "Harper", "Evelyn",
      "Abigail", "Emily", "Ella", "Chloe", "Grace", "Zoe", "Lily", "Hannah", "Nora", "Lucy",
      "Anna", "Maja", "Zofia", "Julia", "Lena", "Marta", "Agnieszka", "Léa", "Camille", "Inès",
      "Lucía", "Martina", "Sofía", "Giulia", "Aurora", "Freya", "Saoirse", "Aoife", "Mila",
      "Hana", "Aisha", "Priya", "Yuki", "Fatima", "Noa", "Elif", "Ingrid", "Clara", "Valentina"};

  static final String[] MALE_NAMES = {
      "Liam", "Noah", "Oliver", "James", "Elijah", "William", "Henry", "Lucas", "Benjamin",
      "Theodore", "Jack", "Leo", "Daniel", "Samuel", "Ethan", "Mateo", "Jakub", "Kacper",
      "Antoni", "Szymon", "Piotr", "Lukas", "Finn", "Jonas", "Hugo", "Louis", "Gabriel",
      "Pablo", "Álvaro", "Marco", "Lorenzo", "Conor", "Seán", "Oscar", "Arjun", "Omar", "Kenji",
      "Mehmet", "Diego", "Rafael", "Tomás", "Nils", "Adam", "Max", "Felix", "Isaac", "Malik"};

  static final String[] NEUTRAL_NAMES = {
      "Alex", "Sam", "Jordan", "Taylor", "Riley", "Charlie", "Robin", "Morgan", "Casey",
      "Jamie", "Avery", "Quinn", "Rowan", "Sasha", "Kai", "Eden", "Ari", "Noor", "Sky",
      "River", "Remy", "Frankie", "Jesse", "Dakota"};

  static final String[] INTERESTS = {
      "hiking", "running", "cycling", "yoga", "climbing", "swimming", "surfing", "skiing",
      "tennis", "football", "basketball", "gym", "dancing", "cooking", "baking", "wine",
      "coffee", "craft beer", "vegan food", "travel", "camping", "photography", "painting",
      "drawing", "museums", "theatre", "live music", "concerts", "indie films", "anime",
      "board games", "video games", "reading", "poetry", "podcasts", "dogs", "cats",
      "gardening", "volunteering", "startups"};

  static final String[] BIO_OPENERS = {
      "Weekend hiker, weekday coder.", "Looking for my partner in crime.",
      "Coffee first, then adventures.", "Probably planning my next trip.",
      "Dog person, but cats like me.", "Recovering perfectionist.", "Amateur chef, pro eater.",
      "New in town, show me around?", "I will judge your playlist.", "Ask me about my plants.",
      "Half marathoner, full-time snacker.", "Trying every ramen place in the city.",
      "Museum on Sundays, dance floor on Fridays.", "Bookshop regular."};

  static final String[] BIO_CLOSERS = {
      "Swipe right if you like bad puns.", "Tell me your favourite album.",
      "Not here for pen pals.", "Bonus points for a good book recommendation.",
      "Let's grab a coffee ☕", "Will beat you at Mario Kart 🏎️",
      "Looking for something real ❤️", "Sunsets > sunrises 🌅", "Here for the dog pics 🐶",
      ""};

  static final String[] MESSAGE_PHRASES = {
      "Hey!", "Hi there 👋", "How's your week going?", "Haha that's amazing",
      "I love that place!", "What are you up to this weekend?", "Coffee sometime?",
      "Sounds good to me", "Omg same 😂", "Where was that photo taken?", "That's so cool",
      "Have you been to the new ramen spot?", "I'm free on Thursday evening",
      "Sorry, just saw this!", "Good morning ☀️", "Lol", "ok", "Yes!!", "Not sure yet 🤔",
      "Did you watch the game last night?", "What's your go-to karaoke song?",
      "I'm more of a mountains person 🏔️", "Let me know when you're around",
      "That made my day 😊", "See you there 👍🏽", "Cześć! Jak minął dzień?",
      "¿Qué tal el fin de semana?", "On se voit demain ?", "Na zdrowie 🍻", "🔥🔥🔥",
      "❤️", "😂😂", "Great pic 📸", "Happy birthday!! 🎉🎂", "Miss our chats 👩‍❤️‍👨",
      "Going home for the holidays 🇵🇱", "Greetings from Dublin 🇮🇪"};

  /** Sentences joined into the long messages (some well past a 200-character preview). */
  static final String[] LONG_SENTENCES = {
      "So I finally tried that bakery you mentioned and honestly the cardamom bun was life changing.",
      "Work has been a bit crazy this week, we are shipping a big release on Friday and everyone is running on coffee and cold pizza.",
      "I grew up in a small town by the sea, so whenever I'm in the city too long I start missing the sound of waves 🌊.",
      "My sister is visiting next weekend and she wants to do all the touristy things, any ideas that won't bore me to death? 😅",
      "I've been learning to make pasta from scratch and my kitchen looks like a flour bomb went off, but the ravioli were worth it.",
      "Random question: if you could live in any decade, which would you pick and why? I keep going back and forth between the 70s and the 90s.",
      "Thanks for the recommendation, I started the book on the train and missed my stop because I couldn't put it down 📚."};

  static final String[] POST_TEXTS = {
      "Sunday hike with the best views 🏔️", "Made pierogi from scratch today!",
      "New haircut, who dis", "Throwback to summer ☀️🌊", "Concert last night was unreal 🎶",
      "My dog judging me as usual 🐶", "Finally finished this painting", "Brunch goals 🥞",
      "City lights from the rooftop", "First time surfing, survived!", "Coffee art level: pro ☕",
      "Marathon done 🏅", "Weekend in the mountains", "Game night champion 🎲", ""};

  /** Common portrait, square and story sizes: media dimensions the app actually receives. */
  static final int[][] MEDIA_SIZES = {
      {1080, 1350}, {1080, 1080}, {1080, 1920}, {1920, 1080}, {1440, 1800}, {750, 1334}};
}
