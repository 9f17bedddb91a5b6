// The characters that make a sender's text seem other than it is, for both sides: the terminal
// drops them and the page draws them as escapes. Kept here because the page can load only what is
// built into page/; the terminal side imports them from here too.

/**
 * C0 controls but tab and line feed, DEL and C1 controls, as the inside of a regex character
 * class: a terminal obeys them (ESC starts a sequence) and a page draws each as the same blank box.
 */
export const CONTROL_CHARACTERS = '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f';

/**
 * The bidirectional controls (U+202E and its kin), as the inside of a regex character class: a
 * terminal or a page that honours them shows the text after one reordered.
 */
export const BIDI_CONTROLS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
