using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace WitSharp.Wit.Syntax
{
    /// <summary>
    /// Recursive-descent parser from tokens to <see cref="AstFile"/>. Errors are reported as diagnostics; after a syntax error the parser
    /// skips to the end of the current item (balancing braces) and continues, so one run reports the errors of every item.
    /// </summary>
    internal sealed class Parser
    {
        private static readonly Regex SemVer = new Regex(
            @"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$",
            RegexOptions.CultureInvariant);

        private readonly SourceText _source;
        private readonly List<Token> _tokens;
        private readonly List<WitDiagnostic> _diagnostics;
        private int _index;

        /// <summary>Type expressions nest at most this deep, so hostile input cannot exhaust the stack.</summary>
        private const int MaxTypeDepth = 100;

        private int _typeDepth;

        /// <summary>Spans of <c>@since</c>/<c>@deprecated</c> gates of the package being parsed (the file's, or the current nested block's).</summary>
        private List<AstName> _versionGates = new List<AstName>();

        private Parser(SourceText source, List<Token> tokens, List<WitDiagnostic> diagnostics)
        {
            _source = source;
            _tokens = tokens;
            _diagnostics = diagnostics;
        }

        public static AstFile Parse(SourceText source, List<WitDiagnostic> diagnostics)
        {
            var tokens = Lexer.Tokenize(source, diagnostics);
            return new Parser(source, tokens, diagnostics).ParseFile();
        }

        /// <summary>Thrown after a syntax error was reported, to unwind to the enclosing item's recovery point.</summary>
        private sealed class SyntaxError : Exception
        {
        }

        private Token Current => _tokens[_index];

        private int PreviousEnd => _index == 0 ? 0 : _tokens[_index - 1].End;

        private Token Peek(int ahead) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

        private bool At(TokenKind kind) => Current.Kind == kind;

        private Token Advance()
        {
            var token = Current;
            if (_index < _tokens.Count - 1)
            {
                _index++;
            }

            return token;
        }

        private bool Eat(TokenKind kind)
        {
            if (!At(kind))
            {
                return false;
            }

            Advance();
            return true;
        }

        private Token Expect(TokenKind kind, string what)
        {
            if (!At(kind))
            {
                throw Error(what);
            }

            return Advance();
        }

        private SyntaxError Error(string expected)
        {
            Report(WitDiagnosticDescriptors.UnexpectedToken, Current.Offset, Current.Length, expected, Describe(Current));
            return new SyntaxError();
        }

        private void Report(WitDiagnosticDescriptor descriptor, int offset, int length, params object[] args) =>
            _diagnostics.Add(descriptor.Create(_source.Location(offset, length), args));

        private static string Describe(Token token)
        {
            switch (token.Kind)
            {
                case TokenKind.EndOfFile: return "the end of the file";
                case TokenKind.Identifier: return "identifier '" + token.Text + "'";
                case TokenKind.StringLiteral: return "a string literal";
                case TokenKind.Number: return "'" + token.Text + "'";
                default: return token.IsKeyword ? "keyword '" + token.Text + "'" : "'" + token.Text + "'";
            }
        }

        /// <summary>Reads a name; a keyword is reported (it needs <c>%</c>) but accepted so parsing goes on.</summary>
        private AstName ExpectName(string what)
        {
            var token = Current;
            if (token.Kind == TokenKind.Identifier)
            {
                Advance();
                return new AstName(token.Text, token.Offset, token.Length);
            }

            if (token.IsKeyword)
            {
                Report(WitDiagnosticDescriptors.KeywordAsIdentifier, token.Offset, token.Length, token.Text);
                Advance();
                return new AstName(token.Text, token.Offset, token.Length);
            }

            throw Error(what);
        }

        private AstFile ParseFile()
        {
            var file = new AstFile(_source) { IsEmpty = _tokens.Count == 1 };
            _versionGates = file.VersionGates;
            var seenItem = false;
            while (!At(TokenKind.EndOfFile))
            {
                var start = _index;
                try
                {
                    ParseTopItem(file, null, ref seenItem);
                }
                catch (SyntaxError)
                {
                    Recover(start);
                    if (_index == start)
                    {
                        // A stray '}' at file level closes nothing: skip it.
                        Advance();
                    }
                }
            }

            return file;
        }

        /// <summary>Skips the item that started at <paramref name="start"/>: up to a <c>;</c> or through a balanced <c>{ }</c> block, stopping before an unmatched <c>}</c>.</summary>
        private void Recover(int start)
        {
            _index = start;
            var depth = 0;
            while (!At(TokenKind.EndOfFile))
            {
                var kind = Current.Kind;
                if (kind == TokenKind.LeftBrace)
                {
                    depth++;
                }
                else if (kind == TokenKind.RightBrace)
                {
                    if (depth == 0)
                    {
                        break;
                    }

                    depth--;
                    if (depth == 0)
                    {
                        Advance();
                        return;
                    }
                }
                else if (kind == TokenKind.Semicolon && depth == 0)
                {
                    Advance();
                    return;
                }

                Advance();
            }

            // An item that starts with an unmatched '}' is left for the enclosing body to close.
            if (_index == start && !At(TokenKind.EndOfFile) && !At(TokenKind.RightBrace))
            {
                Advance();
            }
        }

        private void ParseTopItem(AstFile file, AstNestedPackage? nested, ref bool seenItem)
        {
            var info = ParseItemInfo();
            var items = nested == null ? file.Items : nested.Items;
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Package:
                    ParsePackage(file, nested, info, ref seenItem);
                    return;
                case TokenKind.Interface:
                    Advance();
                    var @interface = new AstInterface(info, ExpectName("an interface name"));
                    ParseBody(@interface.Members, false);
                    items.Add(@interface);
                    break;
                case TokenKind.World:
                    Advance();
                    var world = new AstWorld(info, ExpectName("a world name"));
                    ParseBody(world.Members, true);
                    items.Add(world);
                    break;
                case TokenKind.Use:
                    Advance();
                    var path = ParseUsePath();
                    var alias = Eat(TokenKind.As) ? ExpectName("a name after `as`") : null;
                    Expect(TokenKind.Semicolon, "';'");
                    items.Add(new AstTopUse(info, path, alias));
                    break;
                case var kind when StartsTypeDecl(kind):
                    // Report, then parse the declaration anyway so errors inside it are found too; it belongs to no scope.
                    Report(WitDiagnosticDescriptors.TypeAtTopLevel, token.Offset, token.Length, token.Text + " " + Peek(1).Text);
                    ParseTypeDecl(info);
                    break;
                case TokenKind.Identifier when Peek(1).Kind == TokenKind.Colon:
                    Report(WitDiagnosticDescriptors.TypeAtTopLevel, token.Offset, token.Length, token.Text);
                    ParseFunctionMember(info);
                    break;
                default:
                    throw Error(nested == null ? "`package`, `interface`, `world` or `use`" : "`interface`, `world`, `use` or '}'");
            }

            seenItem = true;
        }

        private void ParsePackage(AstFile file, AstNestedPackage? nested, AstItemInfo info, ref bool seenItem)
        {
            if (!info.Stability.IsUnknown)
            {
                Report(WitDiagnosticDescriptors.InvalidGate, Current.Offset, Current.Length, "a `package` declaration cannot be gated");
            }

            var keyword = Advance();
            var name = ParsePackageName(keyword.Offset);
            if (At(TokenKind.LeftBrace) && nested == null)
            {
                Advance();
                var block = new AstNestedPackage(name, info.Docs);
                var innerSeen = false;
                var outerGates = _versionGates;
                _versionGates = block.VersionGates;
                while (!At(TokenKind.RightBrace) && !At(TokenKind.EndOfFile))
                {
                    var start = _index;
                    try
                    {
                        ParseTopItem(file, block, ref innerSeen);
                    }
                    catch (SyntaxError)
                    {
                        Recover(start);
                    }
                }

                _versionGates = outerGates;
                Expect(TokenKind.RightBrace, "'}'");
                file.NestedPackages.Add(block);
                seenItem = true;
                return;
            }

            Expect(TokenKind.Semicolon, nested == null ? "';' or '{'" : "';'");
            if (nested != null || seenItem || file.PackageName != null)
            {
                Report(WitDiagnosticDescriptors.MisplacedPackageDeclaration, keyword.Offset, PreviousEnd - keyword.Offset);
                return;
            }

            file.PackageName = name;
            file.PackageDocs = info.Docs;
        }

        private AstPackageName ParsePackageName(int start)
        {
            var @namespace = ExpectName("a package namespace");
            Expect(TokenKind.Colon, "':' (package names are written namespace:name)");
            var name = ExpectName("a package name");
            foreach (var part in new[] { @namespace, name })
            {
                if (part.Text.ToLowerInvariant() != part.Text)
                {
                    Report(WitDiagnosticDescriptors.InvalidIdentifier, part.Offset, part.Length, part.Text, "package namespaces and names are lowercase");
                }
            }

            if (At(TokenKind.Colon) || At(TokenKind.Slash))
            {
                Report(WitDiagnosticDescriptors.NotSupported, Current.Offset, Current.Length, "nested package namespaces (`a:b:c`, `a:b/c`)");
                throw new SyntaxError();
            }

            var version = Eat(TokenKind.At) ? ParseVersion() : null;
            return new AstPackageName(@namespace, name, version, start, PreviousEnd - start);
        }

        private string ParseVersion()
        {
            var token = Current;
            if (token.Kind != TokenKind.Number)
            {
                throw Error("a version such as 1.0.0");
            }

            Advance();
            if (!SemVer.IsMatch(token.Text))
            {
                Report(WitDiagnosticDescriptors.InvalidVersion, token.Offset, token.Length, token.Text);
            }

            return token.Text;
        }

        private AstUsePath ParseUsePath()
        {
            var start = Current.Offset;
            var first = ExpectName("an interface name or ns:pkg/interface");
            if (!Eat(TokenKind.Colon))
            {
                return new AstUsePath(null, null, null, first, start, PreviousEnd - start);
            }

            var package = ExpectName("a package name");
            if (At(TokenKind.Colon))
            {
                Report(WitDiagnosticDescriptors.NotSupported, Current.Offset, Current.Length, "nested package namespaces (`a:b:c`)");
                throw new SyntaxError();
            }

            Expect(TokenKind.Slash, "'/' and an interface name (ns:pkg/interface)");
            var name = ExpectName("an interface name");
            if (At(TokenKind.Slash))
            {
                Report(WitDiagnosticDescriptors.NotSupported, Current.Offset, Current.Length, "nested packages (`ns:pkg/a/b`)");
                throw new SyntaxError();
            }

            var version = Eat(TokenKind.At) ? ParseVersion() : null;
            return new AstUsePath(first, package, version, name, start, PreviousEnd - start);
        }

        /// <summary>Reads the docs of the current token and any gates (<c>@since</c>, <c>@unstable</c>, <c>@deprecated</c>).</summary>
        private AstItemInfo ParseItemInfo()
        {
            var docs = Current.Docs;
            var start = Current.Offset;
            string? since = null, unstable = null, deprecated = null;
            while (At(TokenKind.At))
            {
                var at = Advance();
                var gate = Current;
                if (gate.Kind != TokenKind.Identifier || gate.PrecededBySpace)
                {
                    throw Error("a gate name after '@' (since, unstable or deprecated)");
                }

                Advance();
                switch (gate.Text)
                {
                    case "since":
                    case "deprecated":
                        var version = ParseGateArgument("version", true);
                        if (gate.Text == "since")
                        {
                            since = since == null ? version : Duplicate(since);
                        }
                        else
                        {
                            deprecated = deprecated == null ? version : Duplicate(deprecated);
                        }

                        break;
                    case "unstable":
                        var feature = ParseGateArgument("feature", false);
                        unstable = unstable == null ? feature : Duplicate(unstable);
                        break;
                    case "external-id":
                        Report(WitDiagnosticDescriptors.NotSupported, at.Offset, gate.End - at.Offset, "`@external-id`");
                        SkipParenthesized();
                        break;
                    default:
                        Report(WitDiagnosticDescriptors.UnknownGate, at.Offset, gate.End - at.Offset, gate.Text);
                        SkipParenthesized();
                        break;
                }

                string Duplicate(string existing)
                {
                    Report(WitDiagnosticDescriptors.InvalidGate, at.Offset, PreviousEnd - at.Offset, "@" + gate.Text + " is given more than once");
                    return existing;
                }
            }

            if (since != null && unstable != null)
            {
                Report(WitDiagnosticDescriptors.InvalidGate, start, PreviousEnd - start, "an item cannot be both @since and @unstable");
            }
            else if (deprecated != null && since == null && unstable == null)
            {
                Report(WitDiagnosticDescriptors.InvalidGate, start, PreviousEnd - start, "@deprecated needs @since (or @unstable) on the same item");
            }

            if (since != null || deprecated != null)
            {
                // The name's text is the @since version ("" when only @deprecated is given).
                _versionGates.Add(new AstName(since ?? "", start, PreviousEnd - start));
            }

            var stability = since == null && unstable == null && deprecated == null ? WitStability.Unknown : new WitStability(since, unstable, deprecated);
            return new AstItemInfo(docs, stability);
        }

        private string ParseGateArgument(string field, bool isVersion)
        {
            Expect(TokenKind.LeftParen, "'('");
            var key = Current;
            if (key.Kind != TokenKind.Identifier || key.Text != field)
            {
                throw Error("`" + field + "`");
            }

            Advance();
            Expect(TokenKind.Equals, "'='");
            var value = isVersion ? ParseVersion() : ExpectName("a feature name").Text;
            Expect(TokenKind.RightParen, "')'");
            return value;
        }

        private void SkipParenthesized()
        {
            if (!Eat(TokenKind.LeftParen))
            {
                return;
            }

            var depth = 1;
            while (depth > 0 && !At(TokenKind.EndOfFile))
            {
                var kind = Advance().Kind;
                depth += kind == TokenKind.LeftParen ? 1 : kind == TokenKind.RightParen ? -1 : 0;
            }
        }

        /// <summary>Parses <c>{ members }</c> of an interface or world.</summary>
        private void ParseBody(List<AstMember> members, bool isWorld)
        {
            Expect(TokenKind.LeftBrace, "'{'");
            while (!At(TokenKind.RightBrace) && !At(TokenKind.EndOfFile))
            {
                var start = _index;
                try
                {
                    members.Add(isWorld ? ParseWorldMember() : ParseInterfaceMember());
                }
                catch (SyntaxError)
                {
                    Recover(start);
                }
            }

            Expect(TokenKind.RightBrace, "'}'");
        }

        private AstMember ParseInterfaceMember()
        {
            var info = ParseItemInfo();
            var token = Current;
            if (token.IsKeyword && Peek(1).Kind == TokenKind.Colon)
            {
                return ParseFunctionMember(info);
            }

            switch (token.Kind)
            {
                case TokenKind.Use:
                    return ParseUse(info);
                case var kind when StartsTypeDecl(kind):
                    return ParseTypeDecl(info);
                case TokenKind.Identifier:
                    return ParseFunctionMember(info);
                default:
                    throw Error("a type, a function or `use`");
            }
        }

        private AstFunctionDecl ParseFunctionMember(AstItemInfo info)
        {
            var name = ExpectName("a function name");
            Expect(TokenKind.Colon, "':'");
            var type = ParseFunctionType();
            Expect(TokenKind.Semicolon, "';'");
            return new AstFunctionDecl(info, name, type);
        }

        private AstMember ParseWorldMember()
        {
            var info = ParseItemInfo();
            switch (Current.Kind)
            {
                case TokenKind.Import:
                case TokenKind.Export:
                    return ParseWorldExtern(info);
                case TokenKind.Use:
                    return ParseUse(info);
                case TokenKind.Include:
                    return ParseInclude(info);
                case var kind when StartsTypeDecl(kind):
                    return ParseTypeDecl(info);
                default:
                    throw Error("`import`, `export`, `use`, `include` or a type");
            }
        }

        private AstWorldExtern ParseWorldExtern(AstItemInfo info)
        {
            var isExport = Advance().Kind == TokenKind.Export;
            var start = _index;
            var name = ExpectName("a name or an interface path");
            if (At(TokenKind.Colon))
            {
                var next = Peek(1).Kind;
                if (next == TokenKind.Func || next == TokenKind.Async)
                {
                    Advance();
                    var function = ParseFunctionType();
                    Expect(TokenKind.Semicolon, "';'");
                    return new AstWorldExtern(info, isExport, AstImportKind.Function) { Name = name, Function = function };
                }

                if (next == TokenKind.Interface)
                {
                    Advance();
                    Advance();
                    var members = new List<AstMember>();
                    ParseBody(members, false);
                    return new AstWorldExtern(info, isExport, AstImportKind.InlineInterface) { Name = name, InlineMembers = members };
                }

                if (!(Peek(1).Kind == TokenKind.Identifier && Peek(2).Kind == TokenKind.Slash))
                {
                    // `import name: iface;` or `import name: ns:pkg/iface;` imports an interface under a plain name.
                    Advance();
                    if (Current.Kind != TokenKind.Identifier)
                    {
                        throw Error("`func`, `interface { ... }` or an interface name");
                    }

                    var target = ParseUsePath();
                    Expect(TokenKind.Semicolon, "';'");
                    return new AstWorldExtern(info, isExport, AstImportKind.Path) { Name = name, Path = target };
                }
            }

            _index = start;
            var path = ParseUsePath();
            Expect(TokenKind.Semicolon, "';'");
            return new AstWorldExtern(info, isExport, AstImportKind.Path) { Path = path };
        }

        private AstUse ParseUse(AstItemInfo info)
        {
            Advance();
            var use = new AstUse(info, ParseUsePath());
            Expect(TokenKind.Period, "'.' and a list of names: `use iface.{a, b}`");
            Expect(TokenKind.LeftBrace, "'{'");
            do
            {
                // wasm-tools accepts an empty list (`use a.{};`) as well as a trailing comma.
                if (At(TokenKind.RightBrace))
                {
                    break;
                }

                var name = ExpectName("a type name");
                var alias = Eat(TokenKind.As) ? ExpectName("a name after `as`") : null;
                use.Names.Add(new AstUseName(name, alias));
            }
            while (Eat(TokenKind.Comma));

            Expect(TokenKind.RightBrace, "',' or '}'");
            Expect(TokenKind.Semicolon, "';'");
            return use;
        }

        private AstInclude ParseInclude(AstItemInfo info)
        {
            Advance();
            var include = new AstInclude(info, ParseUsePath());
            if (Eat(TokenKind.With))
            {
                Expect(TokenKind.LeftBrace, "'{'");
                do
                {
                    if (At(TokenKind.RightBrace) && include.Renames.Count > 0)
                    {
                        break;
                    }

                    var name = ExpectName("a name to rename");
                    Expect(TokenKind.As, "`as`");
                    include.Renames.Add(new AstUseName(name, ExpectName("the new name")));
                }
                while (Eat(TokenKind.Comma));

                Expect(TokenKind.RightBrace, "',' or '}'");
                return include;
            }

            Expect(TokenKind.Semicolon, "';' or `with { a as b }`");
            return include;
        }

        /// <summary>Whether <paramref name="kind"/> is the keyword a type declaration begins with.</summary>
        private static bool StartsTypeDecl(TokenKind kind) =>
            kind is TokenKind.Record or TokenKind.Variant or TokenKind.Enum or TokenKind.Flags or TokenKind.Resource or TokenKind.Type;

        private AstTypeDecl ParseTypeDecl(AstItemInfo info)
        {
            var keyword = Advance();
            var name = ExpectName("a type name");
            switch (keyword.Kind)
            {
                case TokenKind.Type:
                    Expect(TokenKind.Equals, "'='");
                    var target = ParseType();
                    Expect(TokenKind.Semicolon, "';'");
                    return new AstAlias(info, name, target);
                case TokenKind.Record:
                    var record = new AstRecord(info, name);
                    ParseMemberList(() =>
                    {
                        var docs = Current.Docs;
                        var field = ExpectName("a field name");
                        Expect(TokenKind.Colon, "':' and the field type");
                        record.Fields.Add(new AstNamedMember(field, ParseType(), docs));
                    });
                    return record;
                case TokenKind.Variant:
                    var variant = new AstVariant(info, name);
                    ParseMemberList(() =>
                    {
                        var docs = Current.Docs;
                        var caseName = ExpectName("a case name");
                        AstType? payload = null;
                        if (Eat(TokenKind.LeftParen))
                        {
                            payload = ParseType();
                            Expect(TokenKind.RightParen, "')'");
                        }
                        else if (At(TokenKind.Colon))
                        {
                            Advance();
                            payload = ParseType();
                            Report(WitDiagnosticDescriptors.VariantCaseWithColon, caseName.Offset, PreviousEnd - caseName.Offset, caseName.Text);
                        }

                        variant.Cases.Add(new AstNamedMember(caseName, payload, docs));
                    });
                    return variant;
                case TokenKind.Enum:
                    var @enum = new AstEnum(info, name);
                    ParseMemberList(() => @enum.Cases.Add(new AstNamedMember(ExpectNameKeepDocs(out var docs), null, docs)));
                    return @enum;
                case TokenKind.Flags:
                    var flags = new AstFlags(info, name);
                    ParseMemberList(() => flags.Flags.Add(new AstNamedMember(ExpectNameKeepDocs(out var docs), null, docs)));
                    return flags;
                default:
                    return ParseResourceBody(new AstResource(info, name));
            }
        }

        private AstName ExpectNameKeepDocs(out string? docs)
        {
            docs = Current.Docs;
            return ExpectName("a name");
        }

        /// <summary>Parses <c>{ member, member, }</c> (trailing comma allowed, may be empty: emptiness is a resolution error).</summary>
        private void ParseMemberList(Action parseMember)
        {
            Expect(TokenKind.LeftBrace, "'{'");
            while (!At(TokenKind.RightBrace))
            {
                parseMember();
                if (!Eat(TokenKind.Comma))
                {
                    break;
                }
            }

            Expect(TokenKind.RightBrace, "',' or '}'");
        }

        private AstResource ParseResourceBody(AstResource resource)
        {
            if (Eat(TokenKind.Semicolon))
            {
                return resource;
            }

            Expect(TokenKind.LeftBrace, "';' or '{'");
            while (!At(TokenKind.RightBrace) && !At(TokenKind.EndOfFile))
            {
                var start = _index;
                try
                {
                    var info = ParseItemInfo();
                    if (At(TokenKind.Constructor))
                    {
                        var keyword = Advance();
                        var type = new AstFunctionType();
                        ParseParameters(type);
                        if (Eat(TokenKind.Arrow))
                        {
                            type.Result = ParseType();
                        }

                        Expect(TokenKind.Semicolon, "';'");
                        resource.Functions.Add(new AstResourceFunction(info, WitFunctionKind.Constructor, new AstName("constructor", keyword.Offset, keyword.Length), type));
                        continue;
                    }

                    var name = ExpectName("`constructor` or a method name");
                    Expect(TokenKind.Colon, "':'");
                    var isStatic = Eat(TokenKind.Static);
                    var function = ParseFunctionType();
                    Expect(TokenKind.Semicolon, "';'");
                    resource.Functions.Add(new AstResourceFunction(info, isStatic ? WitFunctionKind.Static : WitFunctionKind.Method, name, function));
                }
                catch (SyntaxError)
                {
                    Recover(start);
                }
            }

            Expect(TokenKind.RightBrace, "'}'");
            return resource;
        }

        private AstFunctionType ParseFunctionType()
        {
            if (At(TokenKind.Async))
            {
                var async = Advance();
                Report(WitDiagnosticDescriptors.NotSupported, async.Offset, async.Length, "`async` functions");
            }

            Expect(TokenKind.Func, "`func`");
            var type = new AstFunctionType();
            ParseParameters(type);
            if (Eat(TokenKind.Arrow))
            {
                if (At(TokenKind.LeftParen) && Peek(1).Kind != TokenKind.RightParen)
                {
                    var open = Current;
                    SkipParenthesized();
                    Report(WitDiagnosticDescriptors.NamedResults, open.Offset, PreviousEnd - open.Offset);
                }
                else
                {
                    type.Result = ParseType();
                }
            }

            return type;
        }

        private void ParseParameters(AstFunctionType type)
        {
            Expect(TokenKind.LeftParen, "'('");
            while (!At(TokenKind.RightParen))
            {
                var name = ExpectName("a parameter name");
                Expect(TokenKind.Colon, "':' and the parameter type");
                type.Parameters.Add(new AstParameter(name, ParseType()));
                if (!Eat(TokenKind.Comma))
                {
                    break;
                }
            }

            Expect(TokenKind.RightParen, "',' or ')'");
        }

        private AstType ParseType()
        {
            if (_typeDepth >= MaxTypeDepth)
            {
                Report(WitDiagnosticDescriptors.NestingTooDeep, Current.Offset, Current.Length, MaxTypeDepth);
                throw new SyntaxError();
            }

            _typeDepth++;
            try
            {
                return ParseTypeAtDepth();
            }
            finally
            {
                _typeDepth--;
            }
        }

        private AstType ParseTypeAtDepth()
        {
            var token = Current;
            var primitive = PrimitiveKind(token.Kind);
            if (primitive != null)
            {
                Advance();
                return new AstPrimitiveType(primitive.Value, token.Offset, token.Length);
            }

            AstType type;
            switch (token.Kind)
            {
                case TokenKind.Identifier:
                    Advance();
                    return new AstNamedType(new AstName(token.Text, token.Offset, token.Length));
                case TokenKind.List:
                    Advance();
                    Expect(TokenKind.LeftAngle, "'<'");
                    var element = ParseType();
                    if (Eat(TokenKind.Comma))
                    {
                        var size = Expect(TokenKind.Number, "the list length");
                        Report(WitDiagnosticDescriptors.NotSupported, token.Offset, size.End - token.Offset, "fixed-length lists (`list<T, N>`)");
                        Expect(TokenKind.RightAngle, "'>'");
                        type = new AstErrorType(token.Offset, 0);
                        break;
                    }

                    Expect(TokenKind.RightAngle, "'>'");
                    type = new AstListType(element, token.Offset);
                    break;
                case TokenKind.Tuple:
                    Advance();
                    Expect(TokenKind.LeftAngle, "'<'");
                    var tuple = new AstTupleType(token.Offset);
                    while (!At(TokenKind.RightAngle))
                    {
                        tuple.Elements.Add(ParseType());
                        if (!Eat(TokenKind.Comma))
                        {
                            break;
                        }
                    }

                    Expect(TokenKind.RightAngle, "',' or '>'");
                    type = tuple;
                    break;
                case TokenKind.Option:
                    Advance();
                    Expect(TokenKind.LeftAngle, "'<'");
                    var payload = ParseType();
                    Expect(TokenKind.RightAngle, "'>'");
                    type = new AstOptionType(payload, token.Offset);
                    break;
                case TokenKind.Result:
                    Advance();
                    AstType? ok = null, error = null;
                    if (Eat(TokenKind.LeftAngle))
                    {
                        if (Eat(TokenKind.Underscore))
                        {
                            Expect(TokenKind.Comma, "',' and the error type (`result<_, e>`)");
                            error = ParseType();
                        }
                        else
                        {
                            ok = ParseType();
                            if (Eat(TokenKind.Comma))
                            {
                                error = ParseType();
                            }
                        }

                        Expect(TokenKind.RightAngle, "'>'");
                    }

                    type = new AstResultType(ok, error, token.Offset);
                    break;
                case TokenKind.Own:
                case TokenKind.Borrow:
                    Advance();
                    Expect(TokenKind.LeftAngle, "'<'");
                    var resource = ExpectName("a resource name");
                    Expect(TokenKind.RightAngle, "'>'");
                    type = new AstHandleType(token.Kind == TokenKind.Own ? WitHandleKind.Own : WitHandleKind.Borrow, resource, token.Offset);
                    break;
                case TokenKind.Future:
                case TokenKind.Stream:
                case TokenKind.Map:
                case TokenKind.ErrorContext:
                    Advance();
                    if (token.Kind != TokenKind.ErrorContext && Eat(TokenKind.LeftAngle))
                    {
                        ParseType();
                        if (token.Kind == TokenKind.Map)
                        {
                            Expect(TokenKind.Comma, "','");
                            ParseType();
                        }

                        Expect(TokenKind.RightAngle, "'>'");
                    }

                    Report(WitDiagnosticDescriptors.NotSupported, token.Offset, PreviousEnd - token.Offset, "`" + token.Text + "`");
                    type = new AstErrorType(token.Offset, 0);
                    break;
                case TokenKind.LeftParen when Peek(1).Kind == TokenKind.RightParen:
                    Advance();
                    Advance();
                    Report(WitDiagnosticDescriptors.EmptyTupleType, token.Offset, PreviousEnd - token.Offset);
                    type = new AstErrorType(token.Offset, 0);
                    break;
                default:
                    throw Error("a type");
            }

            type.Length = PreviousEnd - token.Offset;
            return type;
        }

        private static WitPrimitiveKind? PrimitiveKind(TokenKind kind)
        {
            switch (kind)
            {
                case TokenKind.Bool: return WitPrimitiveKind.Bool;
                case TokenKind.S8: return WitPrimitiveKind.S8;
                case TokenKind.U8: return WitPrimitiveKind.U8;
                case TokenKind.S16: return WitPrimitiveKind.S16;
                case TokenKind.U16: return WitPrimitiveKind.U16;
                case TokenKind.S32: return WitPrimitiveKind.S32;
                case TokenKind.U32: return WitPrimitiveKind.U32;
                case TokenKind.S64: return WitPrimitiveKind.S64;
                case TokenKind.U64: return WitPrimitiveKind.U64;
                case TokenKind.F32: return WitPrimitiveKind.F32;
                case TokenKind.F64: return WitPrimitiveKind.F64;
                case TokenKind.Char: return WitPrimitiveKind.Char;
                case TokenKind.String: return WitPrimitiveKind.String;
                default: return null;
            }
        }
    }
}
