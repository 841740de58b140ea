using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace WitSharp.WitGenerator
{
    /// <summary>An immutable array compared by its elements, so pipeline steps holding it cache by value.</summary>
    internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IEnumerable<T>
        where T : IEquatable<T>
    {
        private readonly T[]? items;

        public EquatableArray(IEnumerable<T> items) => this.items = items.ToArray();

        public int Count => items?.Length ?? 0;

        public T this[int index] => items![index];

        public bool Equals(EquatableArray<T> other)
        {
            var left = items ?? Array.Empty<T>();
            var right = other.items ?? Array.Empty<T>();
            if (left.Length != right.Length)
            {
                return false;
            }

            for (var i = 0; i < left.Length; i++)
            {
                if (!left[i].Equals(right[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            var hash = 17;
            foreach (var item in items ?? Array.Empty<T>())
            {
                hash = (hash * 31) + item.GetHashCode();
            }

            return hash;
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(items ?? Array.Empty<T>())).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>One <c>.wit</c> additional file: its path and text (null when the compiler could not read it).</summary>
    internal sealed class WitFileInput : IEquatable<WitFileInput>
    {
        public WitFileInput(string path, string? text)
        {
            Path = path;
            Text = text;
        }

        public string Path { get; }

        public string? Text { get; }

        public bool Equals(WitFileInput? other) => other != null && Path == other.Path && Text == other.Text;

        public override bool Equals(object? obj) => Equals(obj as WitFileInput);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Path) ^ (Text == null ? 0 : StringComparer.Ordinal.GetHashCode(Text));
    }

    /// <summary>A source location that holds no syntax tree or compilation (so it can live in cached pipeline values).</summary>
    internal sealed class LocationInfo : IEquatable<LocationInfo>
    {
        public LocationInfo(string path, TextSpan span, LinePositionSpan lineSpan)
        {
            Path = path;
            Span = span;
            LineSpan = lineSpan;
        }

        public string Path { get; }

        public TextSpan Span { get; }

        public LinePositionSpan LineSpan { get; }

        public static LocationInfo? From(Location? location)
        {
            if (location == null || location.SourceTree == null)
            {
                return null;
            }

            return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
        }

        public Location ToLocation() => Location.Create(Path, Span, LineSpan);

        public bool Equals(LocationInfo? other) => other != null && Path == other.Path && Span == other.Span && LineSpan == other.LineSpan;

        public override bool Equals(object? obj) => Equals(obj as LocationInfo);

        public override int GetHashCode() => Path.GetHashCode() ^ Span.GetHashCode();
    }

    /// <summary>A diagnostic to report, kept as data (descriptor id and formatted message) so it caches by value.</summary>
    internal sealed class DiagnosticInfo : IEquatable<DiagnosticInfo>
    {
        public DiagnosticInfo(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        {
            Descriptor = descriptor;
            Location = location;
            Arguments = new EquatableArray<string>(arguments);
        }

        public DiagnosticDescriptor Descriptor { get; }

        public LocationInfo? Location { get; }

        public EquatableArray<string> Arguments { get; }

        public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.Cast<object>().ToArray());

        public bool Equals(DiagnosticInfo? other) =>
            other != null && Descriptor.Id == other.Descriptor.Id && Equals(Location, other.Location) && Arguments.Equals(other.Arguments);

        public override bool Equals(object? obj) => Equals(obj as DiagnosticInfo);

        public override int GetHashCode() => Descriptor.Id.GetHashCode() ^ Arguments.GetHashCode();
    }

    /// <summary>What one <c>[WitWorld]</c> attribute asks for: the world name and where to put the bindings.</summary>
    internal sealed class WorldRequest : IEquatable<WorldRequest>
    {
        public WorldRequest(string worldName, string? @namespace, EquatableArray<string> containingTypes, string className, string hintName, LocationInfo? attributeLocation, DiagnosticInfo? error)
        {
            WorldName = worldName;
            Namespace = @namespace;
            ContainingTypes = containingTypes;
            ClassName = className;
            HintName = hintName;
            AttributeLocation = attributeLocation;
            Error = error;
        }

        /// <summary>The world as written in the attribute (<c>plugin</c>, <c>ns:pkg/world</c> or with <c>@version</c>).</summary>
        public string WorldName { get; }

        public string? Namespace { get; }

        /// <summary>Declarations of the types enclosing the partial class, outermost first (e.g. <c>partial class Outer</c>).</summary>
        public EquatableArray<string> ContainingTypes { get; }

        public string ClassName { get; }

        public string HintName { get; }

        public LocationInfo? AttributeLocation { get; }

        /// <summary>A problem with the attribute's target that prevents generation (e.g. the class is not partial).</summary>
        public DiagnosticInfo? Error { get; }

        public bool Equals(WorldRequest? other) =>
            other != null && WorldName == other.WorldName && Namespace == other.Namespace && ContainingTypes.Equals(other.ContainingTypes) &&
            ClassName == other.ClassName && HintName == other.HintName && Equals(AttributeLocation, other.AttributeLocation) && Equals(Error, other.Error);

        public override bool Equals(object? obj) => Equals(obj as WorldRequest);

        public override int GetHashCode() => WorldName.GetHashCode() ^ ClassName.GetHashCode();
    }

    /// <summary>The outcome for one world: the generated source (null when it could not be generated) and the diagnostics.</summary>
    internal sealed class WorldBindings : IEquatable<WorldBindings>
    {
        public WorldBindings(string hintName, string? source, IEnumerable<DiagnosticInfo> diagnostics)
        {
            HintName = hintName;
            Source = source;
            Diagnostics = new EquatableArray<DiagnosticInfo>(diagnostics);
        }

        public string HintName { get; }

        public string? Source { get; }

        public EquatableArray<DiagnosticInfo> Diagnostics { get; }

        public bool Equals(WorldBindings? other) =>
            other != null && HintName == other.HintName && Source == other.Source && Diagnostics.Equals(other.Diagnostics);

        public override bool Equals(object? obj) => Equals(obj as WorldBindings);

        public override int GetHashCode() => HintName.GetHashCode() ^ (Source?.Length ?? 0);
    }
}
