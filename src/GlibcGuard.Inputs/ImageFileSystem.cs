using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Inputs
{
    /// <summary>What a path in an image is.</summary>
    internal enum ImageNodeKind
    {
        Directory,
        File,
        SymbolicLink,
        /// <summary>A device node or FIFO: present, never read.</summary>
        Special,
    }

    /// <summary>One path of an image's file system after its layers are applied.</summary>
    internal sealed class ImageNode
    {
        public ImageNode(ImageNodeKind kind, int layer)
        {
            Kind = kind;
            Layer = layer;
            if (kind == ImageNodeKind.Directory) Children = new Dictionary<string, ImageNode>(StringComparer.Ordinal);
        }

        public ImageNodeKind Kind { get; }
        /// <summary>The layer (0 = the lowest) that wrote this node.</summary>
        public int Layer { get; }
        public Dictionary<string, ImageNode>? Children { get; }
        /// <summary>A symbolic link's target, as written (resolved inside the image, never on the host).</summary>
        public string? Target { get; set; }
        /// <summary>A regular file's length.</summary>
        public long Size { get; set; }
        /// <summary>Where a kept file's bytes are (an ELF file, or a loader or package database file), in the temporary folder; null when not kept.</summary>
        public string? Content { get; set; }
        /// <summary>True when the file starts with the ELF magic.</summary>
        public bool IsElf { get; set; }
    }

    /// <summary>
    /// An image's file system as its layers leave it: a tree of <see cref="ImageNode"/>s that only GlibcGuard's own
    /// code walks. Paths are absolute inside the image ("/usr/lib/x86_64-linux-gnu/libc.so.6"); "." and ".." are
    /// resolved lexically, and ".." at the root stays at the root, as a chroot's would; symbolic links are followed
    /// inside the image, at most <see cref="MaxLinks"/> of them for one path.
    /// </summary>
    internal sealed class ImageFileSystem
    {
        public const int MaxLinks = 40;

        public ImageNode Root { get; } = new ImageNode(ImageNodeKind.Directory, -1);

        /// <summary>The components of a path written in a layer ("./usr/lib/" → usr, lib), or null when it climbs above the root.</summary>
        public static List<string>? Components(string path)
        {
            var parts = new List<string>();
            foreach (string part in path.Split('/'))
            {
                if (part.Length == 0 || part == ".") continue;
                if (part == "..")
                {
                    if (parts.Count == 0) return null;
                    parts.RemoveAt(parts.Count - 1);
                    continue;
                }
                parts.Add(part);
            }
            return parts;
        }

        /// <summary>The folder that holds <paramref name="parts"/>' last component, created (as a folder of <paramref name="layer"/>) where missing; null when a component is not a folder.</summary>
        public ImageNode? ParentOf(List<string> parts, int layer)
        {
            ImageNode at = Root;
            for (int i = 0; i < parts.Count - 1; i++)
            {
                if (!at.Children!.TryGetValue(parts[i], out ImageNode? next))
                {
                    next = new ImageNode(ImageNodeKind.Directory, layer);
                    at.Children[parts[i]] = next;
                }
                else if (next.Kind == ImageNodeKind.SymbolicLink)
                {
                    // A layer that writes beneath a path a lower layer made a link: the tools that apply layers follow it.
                    ImageNode? resolved = Lookup("/" + string.Join("/", parts.Take(i + 1)), followLast: true);
                    if (resolved?.Kind != ImageNodeKind.Directory) return null;
                    next = resolved;
                }
                if (next.Kind != ImageNodeKind.Directory) return null;
                at = next;
            }
            return at;
        }

        /// <summary>
        /// The node at <paramref name="path"/>, following symbolic links inside the image (the last one too when
        /// <paramref name="followLast"/>); null when nothing is there, a component is not a folder, or the links
        /// loop or run deeper than <see cref="MaxLinks"/>.
        /// </summary>
        public ImageNode? Lookup(string path, bool followLast = true) => Resolve(path, followLast, out _);

        /// <summary>As <see cref="Lookup"/>, with the path the node was found at, links resolved ("/lib/x86_64-linux-gnu/libc.so.6").</summary>
        public ImageNode? Resolve(string path, bool followLast, out string resolved)
        {
            int links = 0;
            var stack = new List<(string Name, ImageNode Node)>();
            var pending = new Stack<string>(((IEnumerable<string>)path.Split('/')).Reverse());
            ImageNode at = Root;
            resolved = "/";
            while (pending.Count > 0)
            {
                string part = pending.Pop();
                if (part.Length == 0 || part == ".") continue;
                if (part == "..")
                {
                    if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
                    at = stack.Count > 0 ? stack[stack.Count - 1].Node : Root;
                    continue;
                }
                if (at.Kind != ImageNodeKind.Directory || !at.Children!.TryGetValue(part, out ImageNode? next))
                {
                    return null;
                }
                bool last = !pending.Any(p => p.Length > 0 && p != ".");
                if (next.Kind == ImageNodeKind.SymbolicLink && (!last || followLast))
                {
                    if (++links > MaxLinks) return null;
                    string target = next.Target ?? "";
                    foreach (string p in ((IEnumerable<string>)target.Split('/')).Reverse()) pending.Push(p);
                    if (target.StartsWith("/", StringComparison.Ordinal))
                    {
                        stack.Clear();
                        at = Root;
                    }
                    continue;
                }
                stack.Add((part, next));
                at = next;
            }
            resolved = "/" + string.Join("/", stack.Select(s => s.Name));
            return at;
        }

        /// <summary>Every regular file and its path, folders in name order.</summary>
        public IEnumerable<(string Path, ImageNode Node)> Files()
        {
            var pending = new Stack<(string, ImageNode)>();
            pending.Push(("", Root));
            while (pending.Count > 0)
            {
                var (path, node) = pending.Pop();
                foreach (KeyValuePair<string, ImageNode> child in node.Children!.OrderByDescending(c => c.Key, StringComparer.Ordinal))
                {
                    string childPath = path + "/" + child.Key;
                    if (child.Value.Kind == ImageNodeKind.Directory) pending.Push((childPath, child.Value));
                    else if (child.Value.Kind == ImageNodeKind.File) yield return (childPath, child.Value);
                }
            }
        }

        /// <summary>The names in folder <paramref name="path"/> (links followed), or none.</summary>
        public IEnumerable<string> List(string path) =>
            Lookup(path) is ImageNode { Kind: ImageNodeKind.Directory } dir ? dir.Children!.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList() : Enumerable.Empty<string>();
    }
}
