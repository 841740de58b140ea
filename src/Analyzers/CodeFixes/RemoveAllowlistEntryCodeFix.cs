using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace WitSharp.Analyzers.CodeFixes
{
    /// <summary>WSA0005 / WSA0006: removes the unknown or unused entry from <c>[assembly: CapabilityAllowlist(...)]</c>.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveAllowlistEntryCodeFix)), Shared]
    public sealed class RemoveAllowlistEntryCodeFix : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Diagnostics.UnknownAllowlistEntry.Id, Diagnostics.UnusedAllowlistEntry.Id);

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null)
                return;
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                SyntaxNode? entry = EntryNode(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true));
                if (entry == null)
                    continue;
                diagnostic.Properties.TryGetValue(Diagnostics.CapabilityProperty, out string? capability);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Remove '{capability}' from the capability allowlist",
                        token => RemoveAsync(context.Document, entry, token),
                        equivalenceKey: nameof(RemoveAllowlistEntryCodeFix) + diagnostic.Id),
                    diagnostic);
            }
        }

        /// <summary>The attribute argument, array element or collection element that holds the entry.</summary>
        private static SyntaxNode? EntryNode(SyntaxNode node)
        {
            for (SyntaxNode? current = node; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AttributeArgumentSyntax:
                    case ExpressionElementSyntax:
                        return current;
                    case ExpressionSyntax expression when expression.Parent is InitializerExpressionSyntax:
                        return expression;
                    case AttributeSyntax:
                        return null;
                }
            }
            return null;
        }

        private static async Task<Document> RemoveAsync(Document document, SyntaxNode entry, CancellationToken cancellationToken)
        {
            // Delete the entry with the separator on one side, keeping the rest of the line as written.
            var siblings = entry.Parent!.ChildNodes().ToList();
            int index = siblings.IndexOf(entry);
            TextSpan removed = index > 0
                ? TextSpan.FromBounds(siblings[index - 1].Span.End, entry.Span.End)
                : index + 1 < siblings.Count ? TextSpan.FromBounds(entry.Span.Start, siblings[index + 1].SpanStart) : entry.Span;
            SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            return document.WithText(text.Replace(removed, ""));
        }
    }
}
