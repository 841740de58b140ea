using System.Collections.Generic;

namespace WitSharp.Wit.Syntax
{
    /// <summary>A name as written, with its span (offset/length in its file).</summary>
    internal sealed class AstName
    {
        public AstName(string text, int offset, int length)
        {
            Text = text;
            Offset = offset;
            Length = length;
        }

        public string Text { get; }
        public int Offset { get; }
        public int Length { get; }
    }

    /// <summary>Docs and gates written before an item.</summary>
    internal sealed class AstItemInfo
    {
        public AstItemInfo(string? docs, WitStability stability)
        {
            Docs = docs;
            Stability = stability;
        }

        public string? Docs { get; }
        public WitStability Stability { get; }
    }

    internal sealed class AstFile
    {
        public AstFile(SourceText source) => Source = source;

        public SourceText Source { get; }

        /// <summary>The <c>package ns:name;</c> declaration of the file, if any.</summary>
        public AstPackageName? PackageName { get; set; }

        public string? PackageDocs { get; set; }
        public List<AstTopItem> Items { get; } = new List<AstTopItem>();
        public List<AstNestedPackage> NestedPackages { get; } = new List<AstNestedPackage>();

        /// <summary>Version gates outside nested package blocks (they require a versioned package); the text is the @since version or "".</summary>
        public List<AstName> VersionGates { get; } = new List<AstName>();

        /// <summary>True when the file holds nothing but whitespace and comments.</summary>
        public bool IsEmpty { get; set; }
    }

    internal sealed class AstPackageName
    {
        public AstPackageName(AstName @namespace, AstName name, string? version, int offset, int length)
        {
            Namespace = @namespace;
            Name = name;
            Version = version;
            Offset = offset;
            Length = length;
        }

        public AstName Namespace { get; }
        public AstName Name { get; }
        public string? Version { get; }
        public int Offset { get; }
        public int Length { get; }

        public override string ToString() => Namespace.Text + ":" + Name.Text + (Version == null ? "" : "@" + Version);
    }

    internal sealed class AstNestedPackage
    {
        public AstNestedPackage(AstPackageName name, string? docs)
        {
            Name = name;
            Docs = docs;
        }

        public AstPackageName Name { get; }
        public string? Docs { get; }
        public List<AstTopItem> Items { get; } = new List<AstTopItem>();

        /// <summary>Spans of version gates inside this block.</summary>
        public List<AstName> VersionGates { get; } = new List<AstName>();
    }

    internal abstract class AstTopItem
    {
        protected AstTopItem(AstItemInfo info) => Info = info;

        public AstItemInfo Info { get; }
    }

    /// <summary>A reference to an interface or world: <c>name</c> (same package) or <c>ns:pkg/name@version</c>.</summary>
    internal sealed class AstUsePath
    {
        public AstUsePath(AstName? @namespace, AstName? package, string? version, AstName name, int offset, int length)
        {
            Namespace = @namespace;
            Package = package;
            Version = version;
            Name = name;
            Offset = offset;
            Length = length;
        }

        public AstName? Namespace { get; }
        public AstName? Package { get; }
        public string? Version { get; }
        public AstName Name { get; }
        public int Offset { get; }
        public int Length { get; }

        public bool IsLocal => Package == null;

        public string PackageText => Namespace!.Text + ":" + Package!.Text + (Version == null ? "" : "@" + Version);

        public override string ToString() => IsLocal ? Name.Text : Namespace!.Text + ":" + Package!.Text + "/" + Name.Text + (Version == null ? "" : "@" + Version);
    }

    internal sealed class AstTopUse : AstTopItem
    {
        public AstTopUse(AstItemInfo info, AstUsePath path, AstName? alias) : base(info)
        {
            Path = path;
            Alias = alias;
        }

        public AstUsePath Path { get; }
        public AstName? Alias { get; }
    }

    internal sealed class AstInterface : AstTopItem
    {
        public AstInterface(AstItemInfo info, AstName name) : base(info) => Name = name;

        public AstName Name { get; }
        public List<AstMember> Members { get; } = new List<AstMember>();
    }

    internal sealed class AstWorld : AstTopItem
    {
        public AstWorld(AstItemInfo info, AstName name) : base(info) => Name = name;

        public AstName Name { get; }
        public List<AstMember> Members { get; } = new List<AstMember>();
    }

    /// <summary>Something inside an interface or world body.</summary>
    internal abstract class AstMember
    {
        protected AstMember(AstItemInfo info) => Info = info;

        public AstItemInfo Info { get; }
    }

    internal sealed class AstUseName
    {
        public AstUseName(AstName name, AstName? alias)
        {
            Name = name;
            Alias = alias;
        }

        public AstName Name { get; }
        public AstName? Alias { get; }
        public AstName LocalName => Alias ?? Name;
    }

    internal sealed class AstUse : AstMember
    {
        public AstUse(AstItemInfo info, AstUsePath path) : base(info) => Path = path;

        public AstUsePath Path { get; }
        public List<AstUseName> Names { get; } = new List<AstUseName>();
    }

    internal sealed class AstFunctionDecl : AstMember
    {
        public AstFunctionDecl(AstItemInfo info, AstName name, AstFunctionType type) : base(info)
        {
            Name = name;
            Type = type;
        }

        public AstName Name { get; }
        public AstFunctionType Type { get; }
    }

    internal sealed class AstParameter
    {
        public AstParameter(AstName name, AstType type)
        {
            Name = name;
            Type = type;
        }

        public AstName Name { get; }
        public AstType Type { get; }
    }

    internal sealed class AstFunctionType
    {
        public List<AstParameter> Parameters { get; } = new List<AstParameter>();
        public AstType? Result { get; set; }
    }

    internal enum AstImportKind
    {
        Function,
        InlineInterface,
        Path,
    }

    /// <summary><c>import</c>/<c>export</c> in a world.</summary>
    internal sealed class AstWorldExtern : AstMember
    {
        public AstWorldExtern(AstItemInfo info, bool isExport, AstImportKind kind) : base(info)
        {
            IsExport = isExport;
            Kind = kind;
        }

        public bool IsExport { get; }
        public AstImportKind Kind { get; }

        /// <summary>The plain name for functions and inline interfaces.</summary>
        public AstName? Name { get; set; }

        public AstFunctionType? Function { get; set; }
        public List<AstMember>? InlineMembers { get; set; }
        public AstUsePath? Path { get; set; }
    }

    internal sealed class AstInclude : AstMember
    {
        public AstInclude(AstItemInfo info, AstUsePath path) : base(info) => Path = path;

        public AstUsePath Path { get; }
        public List<AstUseName> Renames { get; } = new List<AstUseName>();
    }

    /// <summary>A named type declaration.</summary>
    internal abstract class AstTypeDecl : AstMember
    {
        protected AstTypeDecl(AstItemInfo info, AstName name) : base(info) => Name = name;

        public AstName Name { get; }
    }

    internal sealed class AstNamedMember
    {
        public AstNamedMember(AstName name, AstType? type, string? docs)
        {
            Name = name;
            Type = type;
            Docs = docs;
        }

        public AstName Name { get; }
        public AstType? Type { get; }
        public string? Docs { get; }
    }

    internal sealed class AstRecord : AstTypeDecl
    {
        public AstRecord(AstItemInfo info, AstName name) : base(info, name)
        {
        }

        public List<AstNamedMember> Fields { get; } = new List<AstNamedMember>();
    }

    internal sealed class AstVariant : AstTypeDecl
    {
        public AstVariant(AstItemInfo info, AstName name) : base(info, name)
        {
        }

        public List<AstNamedMember> Cases { get; } = new List<AstNamedMember>();
    }

    internal sealed class AstEnum : AstTypeDecl
    {
        public AstEnum(AstItemInfo info, AstName name) : base(info, name)
        {
        }

        public List<AstNamedMember> Cases { get; } = new List<AstNamedMember>();
    }

    internal sealed class AstFlags : AstTypeDecl
    {
        public AstFlags(AstItemInfo info, AstName name) : base(info, name)
        {
        }

        public List<AstNamedMember> Flags { get; } = new List<AstNamedMember>();
    }

    internal sealed class AstAlias : AstTypeDecl
    {
        public AstAlias(AstItemInfo info, AstName name, AstType target) : base(info, name) => Target = target;

        public AstType Target { get; }
    }

    internal sealed class AstResourceFunction
    {
        public AstResourceFunction(AstItemInfo info, WitFunctionKind kind, AstName name, AstFunctionType type)
        {
            Info = info;
            Kind = kind;
            Name = name;
            Type = type;
        }

        public AstItemInfo Info { get; }
        public WitFunctionKind Kind { get; }

        /// <summary>The function name, or the <c>constructor</c> keyword's span for a constructor.</summary>
        public AstName Name { get; }

        public AstFunctionType Type { get; }
    }

    internal sealed class AstResource : AstTypeDecl
    {
        public AstResource(AstItemInfo info, AstName name) : base(info, name)
        {
        }

        public List<AstResourceFunction> Functions { get; } = new List<AstResourceFunction>();
    }

    /// <summary>A type expression.</summary>
    internal abstract class AstType
    {
        protected AstType(int offset, int length)
        {
            Offset = offset;
            Length = length;
        }

        public int Offset { get; }
        public int Length { get; set; }
    }

    internal sealed class AstPrimitiveType : AstType
    {
        public AstPrimitiveType(WitPrimitiveKind kind, int offset, int length) : base(offset, length) => Kind = kind;

        public WitPrimitiveKind Kind { get; }
    }

    internal sealed class AstNamedType : AstType
    {
        public AstNamedType(AstName name) : base(name.Offset, name.Length) => Name = name;

        public AstName Name { get; }
    }

    internal sealed class AstListType : AstType
    {
        public AstListType(AstType element, int offset) : base(offset, 0) => Element = element;

        public AstType Element { get; }
    }

    internal sealed class AstTupleType : AstType
    {
        public AstTupleType(int offset) : base(offset, 0)
        {
        }

        public List<AstType> Elements { get; } = new List<AstType>();
    }

    internal sealed class AstOptionType : AstType
    {
        public AstOptionType(AstType payload, int offset) : base(offset, 0) => Payload = payload;

        public AstType Payload { get; }
    }

    internal sealed class AstResultType : AstType
    {
        public AstResultType(AstType? ok, AstType? error, int offset) : base(offset, 0)
        {
            Ok = ok;
            Error = error;
        }

        public AstType? Ok { get; }
        public AstType? Error { get; }
    }

    internal sealed class AstHandleType : AstType
    {
        public AstHandleType(WitHandleKind kind, AstName resource, int offset) : base(offset, 0)
        {
            Kind = kind;
            Resource = resource;
        }

        public WitHandleKind Kind { get; }
        public AstName Resource { get; }
    }

    /// <summary>A type that was already diagnosed (unsupported or malformed); resolution skips it silently.</summary>
    internal sealed class AstErrorType : AstType
    {
        public AstErrorType(int offset, int length) : base(offset, length)
        {
        }
    }
}
