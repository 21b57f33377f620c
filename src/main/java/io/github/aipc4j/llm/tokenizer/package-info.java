/**
 * A pure-Java tokenizer for Hugging Face {@code tokenizer.json} files, id for id the same as Hugging Face's
 * tokenizers library (tested against its Rust implementation, version 0.21.4, through DJL, on a 2 200-line
 * multilingual corpus, random strings, and every assigned code point): {@link io.github.aipc4j.llm.tokenizer.Tokenizer}.
 *
 * <h2>What it reads</h2>
 * <ul>
 *   <li>Models: BPE (merges as "a b" strings or [a, b] pairs, byte_fallback, unk_token with fuse_unk, ignore_merges,
 *       continuing_subword_prefix, end_of_word_suffix; dropout must be null or 0), WordPiece, WordLevel.</li>
 *   <li>Normalizers: Sequence, Prepend, Replace (string or regex), NFC, NFD, NFKC, NFKD, Lowercase, Strip,
 *       StripAccents, BertNormalizer, ByteLevel.</li>
 *   <li>Pre-tokenizers: Sequence, ByteLevel, Metaspace, Split (string or regex; removed, isolated,
 *       merged_with_previous, merged_with_next, contiguous; invert), Whitespace, WhitespaceSplit, Digits,
 *       BertPreTokenizer, Punctuation, CharDelimiterSplit.</li>
 *   <li>Post-processors (single sequences): TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel,
 *       Sequence.</li>
 *   <li>Decoders: Sequence, ByteLevel, Metaspace, Replace, ByteFallback, Fuse, Strip, WordPiece, BPEDecoder.</li>
 *   <li>Added tokens with special, lstrip, rstrip, normalized and single_word, cut out of the input first, with the
 *       ids Hugging Face assigns.</li>
 * </ul>
 * Anything else (Unigram models, Precompiled or Nmt normalizers, UnicodeScripts or FixedLength pre-tokenizers, CTC
 * decoders, regular expressions with {@code \b}, {@code \B} or lookbehind) is refused when loading with an
 * {@link java.lang.IllegalArgumentException} that names its JSON path. Truncation and padding settings are not
 * applied, and pairs of sequences are not encoded.
 *
 * <h2>Exactness</h2>
 * Hugging Face's Rust code carries its own Unicode data; so does this package ({@code UnicodeTables}: the
 * Unicode 9.0 normalization tables of unicode-normalization-alignments and the category tables of
 * unicode_categories), and its regular expressions are rewritten from Oniguruma's meaning of {@code \w}, {@code \h}
 * and POSIX classes. What the JDK's Unicode version does not know (characters assigned after it) may differ.
 * Offsets are {@code String} indices into the input; Hugging Face's are character (code point) indices, computed
 * the same way.
 *
 * <h2>Chat templates</h2>
 * {@link io.github.aipc4j.llm.tokenizer.ChatTemplate#phi3()} is Phi-3's template in Java;
 * {@link io.github.aipc4j.llm.tokenizer.ChatTemplate#jinja} and
 * {@link io.github.aipc4j.llm.tokenizer.ChatTemplate#fromFolder} render any Hugging Face {@code chat_template} with
 * HubSpot's Jinjava, set up to give the text Python's Jinja2 gives in {@code transformers.apply_chat_template}
 * (tested on eleven real templates against Jinja2 and against ONNX Runtime GenAI). Known limits: no slice steps
 * ({@code messages[::-1]}), no {@code str * int}, {@code None} prints as an empty string, only the common Python
 * {@code str} methods; each is an error, never different text.
 */
package io.github.aipc4j.llm.tokenizer;
