#!/usr/bin/env python3
"""Writes corpus.txt beside this script: the text the tokenizer parity tests encode with aipc4j and with Hugging
Face's tokenizers (through DJL). Deterministic (fixed seed, no input files); the result is committed.

One test case per line (the tests also join runs of lines with "\\n" and "\\r\\n" to cover line breaks): English
prose, code, whitespace runs and tabs, emoji and ZWJ sequences, Ukrainian and Russian, Greek, Chinese, Japanese,
Korean, Arabic, Hebrew, Hindi, Thai, combining accents (composed and decomposed), byte-like and tokenizer-like
strings, special tokens written inside text, numbers, URLs, very long words, and random mixtures of all these.
Lines hold no carriage return or line feed; everything else goes.

    python3 src/test/resources/tokenizer/generate_corpus.py
"""

import os
import random
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

PROSE = [
    "The quick brown fox jumps over the lazy dog.",
    "Hello, world! How are you doing today?",
    "It's a truth universally acknowledged, that a single man in possession of a good fortune must be in want of a wife.",
    "I don't think they'll make it; we've tried, they're late, and you'd agree I'm right.",
    "She said: \"Don't touch that!\" — and then, after a pause, 'fine, do what you want.'",
    "In 1969, Apollo 11 landed on the Moon; Neil Armstrong stepped out at 02:56 UTC on July 21.",
    "The price rose from $1,234.56 to €2,000 (a 62% increase) in under 3 weeks.",
    "Email me at john.doe+tokenizers@example.com or visit https://huggingface.co/docs/tokenizers?ref=aipc4j#intro.",
    "Mr. and Mrs. Dursley, of number four, Privet Drive, were proud to say that they were perfectly normal.",
    "To be, or not to be, that is the question: Whether 'tis nobler in the mind to suffer.",
    "A generative model predicts the next token given all the previous tokens in the context window.",
    "Tokenizers split text into subword units; byte-pair encoding merges the most frequent pairs first.",
    "Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse...",
    "WHY ARE YOU SHOUTING?! i'm not shouting, YOU'RE shouting!!!",
    "e.g., i.e., etc., vs., Dr., St., Jr., Ph.D., U.S.A., a.m., p.m.",
    "Rock 'n' roll isn't dead; it's just resting, y'all.",
    "The café's naïve façade hid a rôle coördinated by the résumé's author.",
    "“Smart quotes” and ‘single ones’ aren’t the same as \"straight\" ones, are they?",
    "Ellipsis… em dash — en dash – hyphen - minus − plus-minus ± multiplication × division ÷",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.",
    "The year 2024 had 366 days; 2023 had 365. 3.14159 is π, 2.71828 is e.",
    "Section 4.2.1(b)(iii) applies notwithstanding §12 and ¶3 of Annex II.",
    "He scored 98/100 on the test, ranking #1 out of 1,024 students @ MIT.",
    "Version v1.2.3-beta.4+build.567 was released on 2024-03-15T10:20:30Z.",
    "Temperature: -40°C equals -40°F; water boils at 100 °C (212 °F).",
    "Paths like C:\\Users\\Public\\Documents and /usr/local/bin/python3 are common.",
    "OK", "ok", "Ok.", "Yes.", "No!", "Why?", "...", "?!", "a", "I", "A.", " ", "  ", "\t",
    "What's up?", "They're here.", "We've got it.", "You'll see.", "He'd know.", "I'm fine.", "It'll do.",
    "'s 't 're 've 'm 'll 'd 'S 'T 'RE 'VE 'M 'LL 'D",
    "don't DON'T Don't don’t do n't do not",
    "supercalifragilisticexpialidocious antidisestablishmentarianism floccinaucinihilipilification",
]

CODE = [
    "def fibonacci(n: int) -> int:",
    "    return n if n < 2 else fibonacci(n - 1) + fibonacci(n - 2)",
    "for (int i = 0; i < n; i++) { sum += a[i] * b[i]; }",
    "public static void main(String[] args) throws Exception {",
    "\tSystem.out.println(\"Hello, \" + name + \"!\");",
    "\t\tif (x != null && !x.isEmpty()) return x.trim();",
    "const add = (a, b) => a + b; // arrow function",
    "let xs = [1, 2, 3].map(x => x ** 2).filter(x => x % 2 === 1);",
    "#include <stdio.h>",
    "int main(void) { printf(\"%d\\n\", 42); return 0; }",
    "SELECT id, name FROM users WHERE age >= 18 AND name LIKE '%smith%' ORDER BY id DESC;",
    "{\"name\": \"aipc4j\", \"version\": \"0.1.0\", \"tags\": [\"llm\", \"ffm\"], \"ok\": true, \"n\": null}",
    "<div class=\"container\"><p id='x'>Hello &amp; welcome&nbsp;!</p></div>",
    "$ echo \"$HOME\" | tr '[:lower:]' '[:upper:]' && ls -la ~/.config 2>/dev/null",
    "git commit -m \"fix: handle \\\"quoted\\\" args\" --no-verify",
    "regex: ^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+)@(?:[a-z0-9-]+\\.)+[a-z]{2,}$",
    "x = {'a': 1, 'b': [2, 3], 'c': (4, 5)}; print(f\"{x['a']:>10}\")",
    "fn main() { let v: Vec<u32> = (0..10).collect(); println!(\"{:?}\", v); }",
    "    @Override public int hashCode() { return Objects.hash(a, b, c); }",
    "0x7FFF_FFFF, 0b1010_1010, 1e-9, 6.022e23, -0.0, NaN, Infinity",
    "a+=1;b-=2;c*=3;d/=4;e%=5;f**=6;g//=7;h<<=8;i>>=9;j&=10;k|=11;l^=12",
    "if __name__ == \"__main__\":",
    "        pass  # TODO(someone): remove this",
    "// ===================================================================",
    "/* block comment */ /** javadoc {@link Foo#bar(int)} */",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "#!/usr/bin/env bash",
    "set -euo pipefail; IFS=$'\\n\\t'",
    "import numpy as np; a = np.zeros((3, 4), dtype=np.float32)",
    "model.generate(input_ids, max_new_tokens=128, do_sample=False, eos_token_id=32007)",
]

WHITESPACE = [
    "two  spaces", "three   spaces", "ten          spaces", "  leading", "trailing  ", "   both   ",
    "tab\tseparated\tvalues", "\t\tindented with tabs", "mixed \t \t whitespace", "\t", "\t\t\t", "    ",
    "no\u00a0break\u00a0space", "ideographic\u3000space", "em\u2003space en\u2002space thin\u2009space",
    "zero\u200bwidth\u200bspace", "narrow\u202fno-break", "line\u2028separator", "paragraph\u2029separator",
    "vertical\u000btab", "form\u000cfeed", "next\u0085line", "ogham\u1680space", "medium\u205fmath",
    "word \u00a0 word", " \u00a0 ", "\u3000\u3000", "a \t b \t\t c \t\t\t d",
    "end with tab\t", "end with nbsp\u00a0", "\u00a0start with nbsp",
]

EMOJI = [
    "I love pizza 🍕 and sushi 🍣!", "👍", "👍🏽", "👋🏻👋🏼👋🏽👋🏾👋🏿", "👨‍👩‍👧‍👦 family", "🏳️‍🌈 rainbow flag",
    "🏴‍☠️ pirate", "👩🏽‍💻 coder", "🧑‍🤝‍🧑", "❤️ ❤ ♥️", "1️⃣2️⃣3️⃣ #️⃣ *️⃣", "🇺🇦🇬🇧🇯🇵🇺🇸🇩🇪",
    "😀😃😄😁😆😅😂🤣🥲☺️😊", "🥰 🫠 🫡 🥹 🫶", "emoji at end 🚀", "🚀 emoji at start", "multiple 🎉🎉🎉 in a row",
    "text😀text", "🤖: Hello, human.", "👁️‍🗨️", "🧔‍♂️ 🧔‍♀️", "⌚⌛⏰", "☕ ☔ ⚡", "©️ ®️ ™️",
    "𝓗𝓮𝓵𝓵𝓸 𝕎𝕠𝕣𝕝𝕕", "𝐁𝐨𝐥𝐝 𝑰𝒕𝒂𝒍𝒊𝒄", "🀄🃏🎴", "𓀀𓀁𓀂 hieroglyphs",
]

UKRAINIAN = [
    "Привіт, як справи? Розкажи мені про Київ.",
    "Київ — столиця України, одне з найстаріших міст Європи.",
    "Ґанок, їжак, єнот, ірис, Ґалаґан, ЇЖАК, ЄВРОПА, ІРИНА.",
    "Слава Україні! Героям слава!",
    "Я люблю читати книжки українською мовою ввечері.",
    "Чому небо блакитне, а трава зелена? Бо так влаштована природа.",
    "Львів, Одеса, Харків, Дніпро, Запоріжжя, Чернігів, Полтава, Ужгород.",
    "М'ята, п'ять, об'єкт, пам'ять, сім'я, Мар'яна.",
    "Щастя — це коли тебе розуміють.",
    "Пиши код, тестуй код, рефактор код.",
]

OTHER_SCRIPTS = [
    "Привет, мир! Как дела? Москва, Санкт-Петербург.",
    "Съешь же ещё этих мягких французских булок, да выпей чаю.",
    "Γειά σου Κόσμε! Η γλώσσα είναι ελληνική. Αθήνα, Θεσσαλονίκη.",
    "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία. ΆΈΉΊΌΎΏ άέήίόύώ ϊϋΐΰ",
    "你好，世界！我爱自然语言处理。",
    "北京是中华人民共和国的首都，上海是最大的城市。",
    "今天天气很好，我们去公园散步吧。",
    "日本語の文章も試してみましょう。ひらがな、カタカナ、漢字。",
    "東京スカイツリーは高さ634メートルです。",
    "ｶﾀｶﾅ ﾊﾝｶｸ と ＡＢＣ　１２３ 全角",
    "안녕하세요, 세계! 한국어 문장입니다. 서울특별시.",
    "훈민정음은 조선의 세종대왕이 창제한 문자이다.",
    "مرحبا بالعالم! اللغة العربية جميلة.",
    "السَّلَامُ عَلَيْكُمْ وَرَحْمَةُ اللهِ",
    "שלום עולם! זוהי שפה עברית.",
    "नमस्ते दुनिया! हिंदी भाषा देवनागरी लिपि में लिखी जाती है।",
    "สวัสดีชาวโลก ภาษาไทยไม่มีช่องว่างระหว่างคำ",
    "Xin chào thế giới! Tiếng Việt có nhiều dấu: ắ ằ ẳ ẵ ặ ế ề ể ễ ệ.",
    "Zażółć gęślą jaźń. Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "Ÿ ÿ Œ œ Æ æ Ø ø Å å ß ẞ Ğ ğ İ ı Ş ş",
    "Árvíztűrő tükörfúrógép. Ċ Ġ ċ ġ Ħ ħ",
    "ⓐⓑⓒ ⑴⑵⑶ ①②③ Ⅰ Ⅱ Ⅲ Ⅳ ⅻ ½ ¼ ¾ ⅓ ² ³ ¹",
    "ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ Ǆ ǅ ǆ Ǉ ǈ ǉ",
    "Ω Ω Å Å K K µ μ ℃ ℉ № ℡ ™",
    "Ⓒ㈱㍿ ㋀㋁ ㌀㌁ ㍻",
    "አማርኛ ቋንቋ · ქართული ენა · Հայերեն լեզու",
]

COMBINING = [
    "e\u0301 a\u0300 o\u0302 u\u0308 n\u0303 c\u0327",
    "caf\u00e9 vs cafe\u0301",
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dA\u0334\u0335\u031c\u0330\u0354L\u0368\u0357\u0351\u0334G\u0334\u0330O",
    "a\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308",
    "q\u0323\u0307 q\u0307\u0323 (canonical order)",
    "\u1e0b\u0323 d\u0323\u0307 d\u0307\u0323",
    "\u0041\u030a \u00c5 \u212b",
    "\u1100\u1161\u11a8 \uac01 (jamo vs syllable)",
    "\u0915\u094d\u0937 \u0915\u093c \u0958",
    "i\u0307 \u0130 \u0131 I",
    "\u0301 starts with a combining mark",
    "ends with a combining mark\u0301",
    "\u00f1 n\u0303 \u00d1 N\u0303",
    "ǖ ǘ ǚ ǜ ü\u0304 u\u0308\u0301",
    "\u03d3 \u03d4 \u1f80 \u1fb3\u0313",
]

ODD = [
    "<0x0A> <0xFF> <0x00> <0xE2><0x82><0xAC>",
    "<0x41><0x42> <0xzz> <0x+F> <0x4>",
    "\\x00\\xff\\u0000\\U0001F600",
    "Ġhello Ċ ĉ Ā ▁hello ▁▁▁ ##ing </w> @@ ⁇",
    "\u2581 \u2581\u2581 a\u2581b \u2581start",
    "\u0001\u0002\u0003 control \u007f delete \u001b[31mred\u001b[0m",
    "soft\u00adhyphen ZW\u200cNJ ZW\u200dJ bom\ufeffhere",
    "\ufffd replacement \ufffd\ufffd",
    "\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u180e\u2060\u2061\ufeff",
    "private use \ue000\uf8ff \U000f0000",
    "noncharacters \ufdd0 \ufffe \uffff",
    "surrogate-range look-alikes: \U0010fffd \U00020000 \U0002a6d6",
    "Ã© Ã¨ â€™ â€œ Ã¼ (mojibake)",
    "%20%3A%2F%F0%9F%98%80 &#x1F600; &#128512; &lt;&gt;",
    "[CLS] [SEP] [MASK] [PAD] [UNK] [cls] [Sep]",
    "<s> </s> <unk> <pad> <mask> <S> </S>",
    "<|endoftext|> <|im_start|> <|im_end|> <|begin_of_text|>",
    "<|user|> <|assistant|> <|system|> <|end|> <|placeholder1|>",
    "<|user|>Hello<|end|><|assistant|>Hi there!<|end|>",
    "<|system|>You are a helpful assistant.<|end|><|user|>What is 2+2?<|end|><|assistant|>",
    "text<|endoftext|>more text<|endoftext|>",
    "<s>[INST] What is your favourite condiment? [/INST]",
    "</s><s>",
    "<|user|>   spaces after<|end|>   spaces after end",
    "  <|user|>  spaces around  <|end|>  ",
    "<|user|>\tTab<|end|>\t",
    "[CLS]hello[SEP]world[MASK]",
    "<<s>> <|<|user|>|> <|user|<|end|>",
    "<|endoftext|><|endoftext|><|endoftext|>",
    "<|USER|> < |user| > <| user |>",
    "[INST] [/INST] <<SYS>> <</SYS>>",
    "\"\"\"docstring\"\"\" '''another''' ``` code fence ```",
    "~!@#$%^&*()_+`-={}|[]\\:\";'<>?,./",
    "………… —— ‒ ― ⸺ ⸻",
    "•◦‣⁃ ※ † ‡ ¶ § © ® ™ ℠",
    "→ ← ↑ ↓ ↔ ⇒ ⇔ ∀ ∃ ∅ ∈ ∉ ∑ ∏ √ ∞ ≈ ≠ ≤ ≥",
    "$€£¥₹₽₩₿¢ 100$ 100 € £99.99 ¥1000",
]

LONG = [
    "a" * 300,
    "ab" * 200,
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 6,
    "1234567890" * 30,
    "x" * 1000,
    "😀" * 100,
    "ж" * 257,
    "的" * 300,
    "=" * 120,
    "-_" * 150,
    " " * 80 + "end",
    "\t" * 40 + "end",
    "https://example.com/" + "/".join(["path%d" % i for i in range(60)]) + "?q=" + "&".join("k%d=v%d" % (i, i) for i in range(40)),
    "0x" + "deadbeef" * 40,
    "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=" * 8,
    "thequickbrownfoxjumpsoverthelazydog" * 10,
    "Привіт" * 60,
    "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ" * 10,
    "e\u0301" * 150,
    "👨‍👩‍👧‍👦" * 30,
]

WORDS = ("the of and to in is you that it he was for on are as with his they at be this have from or one had by "
         "word but not what all were we when your can said there use an each which she do how their if will up "
         "other about out many then them these so some her would make like him into time has look two more write "
         "go see number no way could people my than first water been call who oil its now find long down day did "
         "get come made may part tokenizer model token vocabulary merge byte fallback encode decode stream").split()

PIECES = (WORDS + [w.capitalize() for w in WORDS[:40]] + [w.upper() for w in WORDS[:15]]
          + "Київ справи мені Привіт Αθήνα λόγος 世界 東京 서울 مرحبا שלום नमस्ते ไทย café naïve".split()
          + ["😀", "🚀", "👍🏽", "👨‍👩‍👧", "🇺🇦", "e\u0301", "1️⃣", "∑", "€", "π"]
          + ["123", "3.14", "2024-01-01", "42", "007", "1,000", "-5", "1e10", "½", "Ⅻ"]
          + [",", ".", "!", "?", ";", ":", "'", "\"", "(", ")", "[", "]", "{", "}", "-", "—", "…", "/", "\\", "@", "#"]
          + ["'s", "'t", "'re", "'ll", "n't", "’s"]
          + ["<|user|>", "<|end|>", "<|assistant|>", "<s>", "</s>", "<|endoftext|>", "[CLS]", "[SEP]", "[MASK]"]
          + ["\u2581", "Ġ", "##", "<0x0A>", "\u200d", "\u00ad", "\ufeff"])

SEPARATORS = [" "] * 12 + ["", "  ", "\t", "\u00a0", " \t", "   ", "\u3000", "\u200b"]


def random_line(rng):
    n = rng.randint(1, 25)
    out = []
    for _ in range(n):
        out.append(rng.choice(PIECES))
        out.append(rng.choice(SEPARATORS))
    if rng.random() < 0.3:
        out.insert(0, rng.choice([" ", "  ", "\t", "\u00a0"]))
    return "".join(out).rstrip("\n\r") if rng.random() < 0.7 else "".join(out[:-1])


def random_unicode_line(rng):
    """Characters from stable, long-assigned ranges (no surrogates, no line breaks)."""
    ranges = [(0x20, 0x7E), (0xA0, 0x17F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x5FF),
              (0x600, 0x6FF), (0x900, 0x97F), (0xE00, 0xE7F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20BF),
              (0x2100, 0x214F), (0x2190, 0x22FF), (0x3000, 0x30FF), (0x4E00, 0x4FFF), (0xAC00, 0xAD00),
              (0xFF00, 0xFFEF), (0x1F300, 0x1F64F), (0x1F680, 0x1F6C5), (0x1D400, 0x1D4FF)]
    n = rng.randint(1, 40)
    chars = []
    for _ in range(n):
        lo, hi = rng.choice(ranges)
        cp = rng.randint(lo, hi)
        if cp in (0x2028, 0x2029, 0x85) or unicodedata.category(chr(cp)) == "Cn":
            cp = 0x20
        chars.append(chr(cp))
    return "".join(chars)


def corpus():
    rng = random.Random(20240611)
    lines = []
    fixed = PROSE + CODE + WHITESPACE + EMOJI + UKRAINIAN + OTHER_SCRIPTS + COMBINING + ODD + LONG
    lines += fixed
    # Every fixed line again with variations: lower/upper case, a leading space, a special token around it.
    for line in PROSE + UKRAINIAN + OTHER_SCRIPTS[:12] + EMOJI[:12]:
        lines.append(line.lower())
        lines.append(line.upper())
        lines.append(" " + line)
        lines.append("<|user|>" + line + "<|end|><|assistant|>")
        lines.append("[CLS] " + line + " [SEP]")
    # NFD and NFKC forms of the multilingual lines
    for line in OTHER_SCRIPTS + COMBINING + UKRAINIAN:
        for form in ("NFD", "NFKD", "NFC"):
            variant = unicodedata.normalize(form, line)
            if variant != line:
                lines.append(variant)
    # Words glued to punctuation and numbers
    for w in WORDS[:100]:
        lines.append(f"{w}, {w}. {w}! {w}? ({w}) [{w}] \"{w}\" '{w}' {w}'s {w}123 123{w} #{w} @{w}")
    # Random mixtures
    while len(lines) < 1900:
        lines.append(random_line(rng))
    while len(lines) < 2200:
        lines.append(random_unicode_line(rng))
    lines.append("")
    lines.append("last line without anything special")
    for line in lines:
        if "\n" in line or "\r" in line:
            raise SystemExit("a corpus line holds a line break: " + repr(line))
    return lines


def main():
    lines = corpus()
    path = os.path.join(HERE, "corpus.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} lines to {path}")


if __name__ == "__main__":
    main()
