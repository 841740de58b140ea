using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace WitSharp.Wit.Syntax
{
    /// <summary>Turns a file into tokens. Never throws: bad characters, comments and identifiers become diagnostics and lexing continues.</summary>
    internal sealed class Lexer
    {
        private static readonly Dictionary<string, TokenKind> Keywords = new Dictionary<string, TokenKind>
        {
            ["as"] = TokenKind.As, ["async"] = TokenKind.Async, ["bool"] = TokenKind.Bool, ["borrow"] = TokenKind.Borrow,
            ["char"] = TokenKind.Char, ["constructor"] = TokenKind.Constructor, ["enum"] = TokenKind.Enum,
            ["error-context"] = TokenKind.ErrorContext, ["export"] = TokenKind.Export, ["f32"] = TokenKind.F32,
            ["f64"] = TokenKind.F64, ["flags"] = TokenKind.Flags, ["from"] = TokenKind.From, ["func"] = TokenKind.Func,
            ["future"] = TokenKind.Future, ["import"] = TokenKind.Import, ["include"] = TokenKind.Include,
            ["interface"] = TokenKind.Interface, ["list"] = TokenKind.List, ["map"] = TokenKind.Map, ["option"] = TokenKind.Option,
            ["own"] = TokenKind.Own, ["package"] = TokenKind.Package, ["record"] = TokenKind.Record,
            ["resource"] = TokenKind.Resource, ["result"] = TokenKind.Result, ["s16"] = TokenKind.S16,
            ["s32"] = TokenKind.S32, ["s64"] = TokenKind.S64, ["s8"] = TokenKind.S8, ["static"] = TokenKind.Static,
            ["stream"] = TokenKind.Stream, ["string"] = TokenKind.String, ["tuple"] = TokenKind.Tuple,
            ["type"] = TokenKind.Type, ["u16"] = TokenKind.U16, ["u32"] = TokenKind.U32, ["u64"] = TokenKind.U64,
            ["u8"] = TokenKind.U8, ["use"] = TokenKind.Use, ["variant"] = TokenKind.Variant, ["with"] = TokenKind.With,
            ["world"] = TokenKind.World,
        };

        private readonly SourceText _source;
        private readonly string _text;
        private readonly List<WitDiagnostic> _diagnostics;
        private readonly List<string> _pendingDocs = new List<string>();
        private int _position;

        private Lexer(SourceText source, List<WitDiagnostic> diagnostics)
        {
            _source = source;
            _text = source.Text;
            _diagnostics = diagnostics;
        }

        public static List<Token> Tokenize(SourceText source, List<WitDiagnostic> diagnostics)
        {
            var lexer = new Lexer(source, diagnostics);
            var tokens = new List<Token>();
            Token token;
            do
            {
                token = lexer.Next();
                tokens.Add(token);
            }
            while (token.Kind != TokenKind.EndOfFile);

            return tokens;
        }

        /// <summary>True when <paramref name="name"/> is written as a keyword and so needs a <c>%</c> to be a name.</summary>
        public static bool IsKeyword(string name) => Keywords.ContainsKey(name);

        /// <summary>Null when <paramref name="name"/> is a valid kebab-case identifier, else why not.</summary>
        public static string? IdentifierProblem(string name)
        {
            if (name.Length == 0)
            {
                return "it is empty";
            }

            if (!IsAsciiLetter(name[0]))
            {
                return "it must start with a letter";
            }

            // Like wasm-tools, later words may start with a digit (`name-2nd`); letters within a word share one case.
            foreach (var word in name.Split('-'))
            {
                if (word.Length == 0)
                {
                    return "'-' must separate two words (no leading, trailing or doubled '-')";
                }

                bool hasLower = false, hasUpper = false;
                foreach (var c in word)
                {
                    hasLower |= c >= 'a' && c <= 'z';
                    hasUpper |= c >= 'A' && c <= 'Z';
                }

                if (hasLower && hasUpper)
                {
                    return "the word '" + word + "' mixes upper and lower case; each word is all lowercase or all uppercase";
                }
            }

            return null;
        }

        private Token Next()
        {
            while (true)
            {
                var token = TryNext();
                if (token != null)
                {
                    return token;
                }
            }
        }

        /// <summary>The next token, or null after reporting and skipping characters that start no token.</summary>
        private Token? TryNext()
        {
            var precededBySpace = SkipTrivia();
            var docs = _pendingDocs.Count == 0 ? null : string.Join("\n", _pendingDocs);
            _pendingDocs.Clear();
            var start = _position;
            if (_position >= _text.Length)
            {
                return new Token(TokenKind.EndOfFile, start, 0, "", false, docs, precededBySpace);
            }

            var c = _text[_position];
            switch (c)
            {
                case '=': return Punct(TokenKind.Equals);
                case ',': return Punct(TokenKind.Comma);
                case ':': return Punct(TokenKind.Colon);
                case ';': return Punct(TokenKind.Semicolon);
                case '(': return Punct(TokenKind.LeftParen);
                case ')': return Punct(TokenKind.RightParen);
                case '{': return Punct(TokenKind.LeftBrace);
                case '}': return Punct(TokenKind.RightBrace);
                case '<': return Punct(TokenKind.LeftAngle);
                case '>': return Punct(TokenKind.RightAngle);
                case '*': return Punct(TokenKind.Star);
                case '/': return Punct(TokenKind.Slash);
                case '.': return Punct(TokenKind.Period);
                case '@': return Punct(TokenKind.At);
                case '-' when Peek(1) == '>':
                    _position += 2;
                    return new Token(TokenKind.Arrow, start, 2, "->", false, docs, precededBySpace);
                case '"': return StringLiteral(docs, precededBySpace);
            }

            if (c == '_' && !IsIdentifierChar(Peek(1)))
            {
                return Punct(TokenKind.Underscore);
            }

            if (c == '%' || IsAsciiLetter(c))
            {
                return Identifier(docs, precededBySpace);
            }

            if (c >= '0' && c <= '9')
            {
                while (_position < _text.Length && IsNumberChar(_text[_position]) && !(_text[_position] == '.' && Peek(1) == '{'))
                {
                    _position++;
                }

                return new Token(TokenKind.Number, start, _position - start, _text.Substring(start, _position - start), false, docs, precededBySpace);
            }

            if (c == '\uFFFD' && _source.ReplacementCharacterIsInvalidUtf8)
            {
                // One undecodable byte sequence often becomes several replacement characters: report the run once.
                while (_position < _text.Length && _text[_position] == '\uFFFD')
                {
                    _position++;
                }

                Report(WitDiagnosticDescriptors.InvalidUtf8.Create(_source.Location(start, _position - start)));
                return null;
            }

            // Unknown character: report it and skip it (a surrogate pair counts as one character).
            var length = char.IsHighSurrogate(c) && char.IsLowSurrogate(Peek(1)) ? 2 : 1;
            Report(WitDiagnosticDescriptors.UnexpectedCharacter.Create(_source.Location(start, length), DescribeCharacter(start, length)));
            _position += length;
            return null;

            Token Punct(TokenKind kind)
            {
                _position++;
                return new Token(kind, start, 1, _text.Substring(start, 1), false, docs, precededBySpace);
            }
        }

        private Token Identifier(string? docs, bool precededBySpace)
        {
            var start = _position;
            var escaped = _text[_position] == '%';
            if (escaped)
            {
                _position++;
            }

            var nameStart = _position;
            while (_position < _text.Length && IsIdentifierChar(_text[_position]) && !(_text[_position] == '-' && Peek(1) == '>'))
            {
                _position++;
            }

            var name = _text.Substring(nameStart, _position - nameStart);
            if (!escaped && Keywords.TryGetValue(name, out var keyword))
            {
                return new Token(keyword, start, _position - start, name, false, docs, precededBySpace);
            }

            var problem = IdentifierProblem(name);
            if (problem != null)
            {
                Report(WitDiagnosticDescriptors.InvalidIdentifier.Create(_source.Location(start, _position - start), (escaped ? "%" : "") + name, problem));
            }

            return new Token(TokenKind.Identifier, start, _position - start, name, escaped, docs, precededBySpace);
        }

        private Token StringLiteral(string? docs, bool precededBySpace)
        {
            var start = _position++;
            var value = new StringBuilder();
            while (_position < _text.Length && _text[_position] != '"' && _text[_position] != '\n')
            {
                if (_text[_position] == '\\' && _position + 1 < _text.Length)
                {
                    value.Append(_text[_position]);
                    _position++;
                }

                value.Append(_text[_position]);
                _position++;
            }

            ReportReplacementCharacters(start, _text.Substring(start, _position - start));
            if (_position < _text.Length && _text[_position] == '"')
            {
                _position++;
            }
            else
            {
                Report(WitDiagnosticDescriptors.UnterminatedString.Create(_source.Location(start, _position - start)));
            }

            return new Token(TokenKind.StringLiteral, start, _position - start, value.ToString(), false, docs, precededBySpace);
        }

        /// <summary>Skips whitespace and comments, collecting doc comments; returns whether anything was skipped.</summary>
        private bool SkipTrivia()
        {
            var start = _position;
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                {
                    _position++;
                }
                else if (c == '/' && Peek(1) == '/')
                {
                    var commentStart = _position;
                    while (_position < _text.Length && _text[_position] != '\n')
                    {
                        _position++;
                    }

                    var comment = _text.Substring(commentStart, _position - commentStart).TrimEnd('\r');
                    ReportReplacementCharacters(commentStart, comment);
                    if (comment.StartsWith("///", System.StringComparison.Ordinal) && !comment.StartsWith("////", System.StringComparison.Ordinal))
                    {
                        var line = comment.Substring(3);
                        _pendingDocs.Add(line.StartsWith(" ", System.StringComparison.Ordinal) ? line.Substring(1) : line);
                    }
                }
                else if (c == '/' && Peek(1) == '*')
                {
                    BlockComment();
                }
                else
                {
                    break;
                }
            }

            return _position > start;
        }

        private void BlockComment()
        {
            var start = _position;
            var isDoc = Peek(2) == '*' && Peek(3) != '*' && Peek(3) != '/';
            _position += 2;
            var depth = 1;
            while (_position < _text.Length && depth > 0)
            {
                if (_text[_position] == '/' && Peek(1) == '*')
                {
                    depth++;
                    _position += 2;
                }
                else if (_text[_position] == '*' && Peek(1) == '/')
                {
                    depth--;
                    _position += 2;
                }
                else
                {
                    _position++;
                }
            }

            var comment = _text.Substring(start, _position - start);
            ReportReplacementCharacters(start, comment);
            if (depth > 0)
            {
                Report(WitDiagnosticDescriptors.UnterminatedComment.Create(_source.Location(start, 2)));
                return;
            }

            if (isDoc)
            {
                var body = comment.Substring(3, comment.Length - 5);
                var lines = new List<string>();
                foreach (var raw in body.Split('\n'))
                {
                    var line = raw.Trim();
                    if (line.StartsWith("*", System.StringComparison.Ordinal))
                    {
                        line = line.Substring(1).TrimStart();
                    }

                    lines.Add(line);
                }

                while (lines.Count > 0 && lines[0].Length == 0)
                {
                    lines.RemoveAt(0);
                }

                while (lines.Count > 0 && lines[lines.Count - 1].Length == 0)
                {
                    lines.RemoveAt(lines.Count - 1);
                }

                _pendingDocs.Add(string.Join("\n", lines));
            }
        }

        private void ReportReplacementCharacters(int start, string text)
        {
            if (!_source.ReplacementCharacterIsInvalidUtf8)
            {
                return;
            }

            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\uFFFD' && (i == 0 || text[i - 1] != '\uFFFD'))
                {
                    Report(WitDiagnosticDescriptors.InvalidUtf8.Create(_source.Location(start + i, 1)));
                }
            }
        }

        private void Report(WitDiagnostic diagnostic) => _diagnostics.Add(diagnostic);

        private char Peek(int ahead) => _position + ahead < _text.Length ? _text[_position + ahead] : '\0';

        private string DescribeCharacter(int start, int length)
        {
            var codePoint = length == 2 ? char.ConvertToUtf32(_text[start], _text[start + 1]) : _text[start];
            var shown = codePoint < 0x20 || codePoint == 0x7F ? "" : "'" + _text.Substring(start, length) + "' ";
            return shown + "(U+" + codePoint.ToString("X4", CultureInfo.InvariantCulture) + ")";
        }

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        private static bool IsIdentifierChar(char c) => IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-';

        private static bool IsNumberChar(char c) => IsIdentifierChar(c) || c == '.' || c == '+';
    }
}
