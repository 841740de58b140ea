using System;

namespace WitSharp.Wit
{
    /// <summary>One WIT file handed to the front end as text; the path only names it in diagnostics and groups files into packages.</summary>
    public sealed class WitSource
    {
        /// <summary>Creates a source from a path (any separator style) and its already-decoded text.</summary>
        /// <exception cref="ArgumentNullException">When <paramref name="path"/> or <paramref name="text"/> is null.</exception>
        public WitSource(string path, string text)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Text = text ?? throw new ArgumentNullException(nameof(text));
        }

        /// <summary>The file path as given; files in the same directory form one package, files under a <c>deps/</c> folder form dependency packages.</summary>
        public string Path { get; }

        /// <summary>The file's text. U+FFFD replacement characters are reported as invalid UTF-8.</summary>
        public string Text { get; }

        /// <summary>Set when the text was decoded strictly from bytes, so any U+FFFD in it was really written in the file.</summary>
        internal bool HasGenuineReplacementCharacters { get; set; }
    }
}
