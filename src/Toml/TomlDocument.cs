using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace WitSharp.Toml
{
    /// <summary>
    /// A TOML 1.0 document: the value tree (<see cref="Root"/>) plus the source text around it. Writing an unedited
    /// document reproduces the parsed text byte for byte; after edits only the edited entries change (new keys are
    /// added after the last entry of their table, new tables at the end).
    /// </summary>
    /// <example>
    /// <code>
    /// var doc = TomlDocument.Load("app.toml");
    /// var port = doc.Root.GetTable("server").GetInteger("port");
    /// doc.Root.GetTable("server")["port"] = port + 1;
    /// doc.Save("app.toml");
    /// </code>
    /// </example>
    public sealed class TomlDocument
    {
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>Creates an empty document (for writing TOML from scratch).</summary>
        public TomlDocument()
            : this(new TomlTable(TableOrigin.Root), new List<SyntaxItem>(), null, "\n")
        {
        }

        internal TomlDocument(TomlTable root, List<SyntaxItem> items, string? sourcePath, string newLine)
        {
            Root = root;
            Items = items;
            SourcePath = sourcePath;
            NewLine = newLine;
        }

        /// <summary>The top-level table.</summary>
        public TomlTable Root { get; }

        /// <summary>The file the document was parsed from, if any (used in error positions).</summary>
        public string? SourcePath { get; }

        /// <summary>The statements and trivia of the parsed text, in order.</summary>
        internal List<SyntaxItem> Items { get; }

        /// <summary>Line break used for lines the writer adds: the first one found in the source, else "\n".</summary>
        internal string NewLine { get; }

        /// <summary>Parses TOML text.</summary>
        /// <param name="text">The document.</param>
        /// <param name="sourcePath">The file name to put in error positions, if any.</param>
        /// <exception cref="TomlException">The text is not valid TOML 1.0.</exception>
        public static TomlDocument Parse(string text, string? sourcePath = null) =>
            TomlParser.Parse(text ?? throw new ArgumentNullException(nameof(text)), sourcePath);

        /// <summary>Parses UTF-8 encoded TOML (a leading byte-order mark is kept and written back).</summary>
        /// <exception cref="TomlException">The bytes are not valid UTF-8 or not valid TOML 1.0.</exception>
        public static TomlDocument Parse(byte[] utf8, string? sourcePath = null) =>
            Parse(DecodeUtf8(utf8 ?? throw new ArgumentNullException(nameof(utf8)), sourcePath), sourcePath);

        /// <summary>Reads and parses a UTF-8 TOML file; error positions name <paramref name="path"/>.</summary>
        /// <exception cref="TomlException">The file is not valid UTF-8 or not valid TOML 1.0.</exception>
        public static TomlDocument Load(string path) => Parse(File.ReadAllBytes(path), path);

        /// <summary>The document as TOML text.</summary>
        public override string ToString()
        {
            var builder = new StringBuilder();
            using (var writer = new StringWriter(builder))
            {
                WriteTo(writer);
            }

            return builder.ToString();
        }

        /// <summary>Writes the document as TOML text.</summary>
        public void WriteTo(TextWriter writer) => TomlWriter.WriteDocument(this, writer);

        /// <summary>
        /// Writes the document to <paramref name="path"/> atomically: the text is first checked to parse back to the
        /// same values, then written (UTF-8, no byte-order mark unless the source had one) to a temporary file in the
        /// same directory, flushed, and renamed over the target. On any failure the existing file is left untouched.
        /// </summary>
        /// <exception cref="TomlException">The document would not parse back to the same values (nothing is written).</exception>
        /// <exception cref="IOException">Writing or renaming failed (the target is unchanged).</exception>
        public void Save(string path) => AtomicFile.Save(this, path);

        /// <summary>Decodes UTF-8, reporting the line and column of the first invalid byte sequence.</summary>
        internal static string DecodeUtf8(byte[] bytes, string? sourcePath)
        {
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                var bad = Utf8Validator.FirstInvalidOffset(bytes);
                var prefix = StrictUtf8.GetString(bytes, 0, bad);
                var line = 1;
                var lineStart = 0;
                for (var i = 0; i < prefix.Length; i++)
                {
                    if (prefix[i] == '\n')
                    {
                        line++;
                        lineStart = i + 1;
                    }
                }

                throw new TomlException(
                    $"invalid UTF-8 byte sequence (byte 0x{bytes[bad]:X2} at offset {bad})",
                    new TomlPosition(sourcePath, line, prefix.Length - lineStart + 1));
            }
        }
    }
}
