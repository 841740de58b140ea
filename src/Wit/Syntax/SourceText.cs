using System.Collections.Generic;

namespace WitSharp.Wit.Syntax
{
    /// <summary>A file's text with a line table, to turn offsets into <see cref="WitLocation"/>s.</summary>
    internal sealed class SourceText
    {
        private readonly List<int> _lineStarts = new List<int> { 0 };

        public SourceText(WitSource source)
        {
            Path = source.Path;
            Text = source.Text;
            ReplacementCharacterIsInvalidUtf8 = !source.HasGenuineReplacementCharacters;
            for (var i = 0; i < Text.Length; i++)
            {
                if (Text[i] == '\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public string Path { get; }
        public string Text { get; }

        /// <summary>False when U+FFFD was really written in the file (it was decoded strictly), so it is an ordinary character.</summary>
        public bool ReplacementCharacterIsInvalidUtf8 { get; }

        public WitLocation Location(int offset, int length)
        {
            if (offset > Text.Length)
            {
                offset = Text.Length;
            }

            if (offset + length > Text.Length)
            {
                length = Text.Length - offset;
            }

            var (line, column) = LineColumn(offset);
            var (endLine, endColumn) = LineColumn(offset + length);
            return new WitLocation(Path, offset, length, line, column, endLine, endColumn);
        }

        private (int Line, int Column) LineColumn(int offset)
        {
            var index = _lineStarts.BinarySearch(offset);
            if (index < 0)
            {
                index = ~index - 1;
            }

            return (index + 1, offset - _lineStarts[index] + 1);
        }
    }
}
