namespace WitSharp.Wit.Syntax
{
    internal enum TokenKind
    {
        EndOfFile,
        Identifier,
        /// <summary>A run starting with a digit: an integer or a (part of a) semantic version; the parser validates it.</summary>
        Number,
        StringLiteral,
        Equals,
        Comma,
        Colon,
        Semicolon,
        LeftParen,
        RightParen,
        LeftBrace,
        RightBrace,
        LeftAngle,
        RightAngle,
        Star,
        Arrow,
        Slash,
        Period,
        At,
        Underscore,

        // Keywords.
        As,
        Async,
        Bool,
        Borrow,
        Char,
        Constructor,
        Enum,
        ErrorContext,
        Export,
        F32,
        F64,
        Flags,
        From,
        Func,
        Future,
        Import,
        Include,
        Interface,
        List,
        Map,
        Option,
        Own,
        Package,
        Record,
        Resource,
        Result,
        S16,
        S32,
        S64,
        S8,
        Static,
        Stream,
        String,
        Tuple,
        Type,
        U16,
        U32,
        U64,
        U8,
        Use,
        Variant,
        With,
        World,
    }

    /// <summary>A token with its source span. <see cref="Text"/> is the identifier without its <c>%</c> escape.</summary>
    internal sealed class Token
    {
        public Token(TokenKind kind, int offset, int length, string text, bool escaped, string? docs, bool precededBySpace)
        {
            Kind = kind;
            Offset = offset;
            Length = length;
            Text = text;
            Escaped = escaped;
            Docs = docs;
            PrecededBySpace = precededBySpace;
        }

        public TokenKind Kind { get; }
        public int Offset { get; }
        public int Length { get; }
        public string Text { get; }
        public bool Escaped { get; }

        /// <summary>Doc comments between the previous token and this one.</summary>
        public string? Docs { get; }

        public bool PrecededBySpace { get; }

        public int End => Offset + Length;

        public bool IsKeyword => Kind >= TokenKind.As;
    }
}
