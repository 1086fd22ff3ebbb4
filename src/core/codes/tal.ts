/** Issue codes of target account lists (src/io/tal, `paydirt tal`). */
export const TAL_CODES = ["empty_list"] as const;
