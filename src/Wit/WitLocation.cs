namespace WitSharp.Wit
{
    /// <summary>A span of WIT source text. Offsets and columns count UTF-16 code units; lines and columns are 1-based.</summary>
    public sealed class WitLocation
    {
        internal WitLocation(string path, int offset, int length, int line, int column, int endLine, int endColumn)
        {
            Path = path;
            Offset = offset;
            Length = length;
            Line = line;
            Column = column;
            EndLine = endLine;
            EndColumn = endColumn;
        }

        /// <summary>The path of the file, as given in its <see cref="WitSource"/>.</summary>
        public string Path { get; }

        /// <summary>0-based offset of the first character of the span in the file's text.</summary>
        public int Offset { get; }

        /// <summary>Number of characters covered by the span (0 for a point, e.g. the end of a file).</summary>
        public int Length { get; }

        /// <summary>1-based line of the span's start.</summary>
        public int Line { get; }

        /// <summary>1-based column of the span's start.</summary>
        public int Column { get; }

        /// <summary>1-based line of the span's end.</summary>
        public int EndLine { get; }

        /// <summary>1-based column just past the span's last character.</summary>
        public int EndColumn { get; }

        /// <summary>Formats as <c>path(line,column)</c>.</summary>
        public override string ToString() => Path + "(" + Line + "," + Column + ")";
    }
}
