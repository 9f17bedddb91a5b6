// The characters that turn a sender's text around, for both sides: the terminal drops them and the
// page draws them as escapes. Kept here because the page can load only what is built into page/.

/**
 * The bidirectional controls (U+202E and its kin), as the inside of a regex character class: a
 * terminal or a page that honours them shows the text after one reordered.
 */
export const BIDI_CONTROLS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
