using System;
using System.Collections.Generic;
using System.IO;

namespace GlibcGuard.Inputs
{
    internal sealed partial class ContainerImage
    {
        /// <summary>
        /// An image's root already extracted into <paramref name="root"/> (`glibcguard check --root DIR`): its entries
        /// read without following any link on this machine (a link's target is resolved inside the root, as in an
        /// archive), all of it as one layer. ELF files are read where they are; nothing is copied.
        /// </summary>
        public static ContainerImage ReadRoot(string root, ReadBudget budget, string temp)
        {
            var image = new ContainerImage(root, temp) { Name = Path.GetFileName(Path.GetFullPath(root).TrimEnd('/')), LayerCount = 1 };
            ContainerAllowance allowance = budget.ForContainer(root);
            var pending = new Stack<(string Host, string Inside)>();
            pending.Push((Path.GetFullPath(root), ""));
            int entries = 0;
            var head = new byte[4];
            while (pending.Count > 0)
            {
                var (host, inside) = pending.Pop();
                IEnumerable<FileSystemInfo> children;
                try
                {
                    children = new DirectoryInfo(host).EnumerateFileSystemInfos();
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    image.Problems.Add(new ImageEntryProblem(0, inside.Length == 0 ? "/" : inside, "not readable: " + e.Message));
                    continue;
                }
                foreach (FileSystemInfo child in children)
                {
                    if (++entries > MaxEntriesPerLayer * 4)
                    {
                        throw new ContainerFormatException(root + ": more than " + MaxEntriesPerLayer * 4 + " entries", -1);
                    }
                    string path = inside + "/" + child.Name;
                    List<string> parts = ImageFileSystem.Components(path)!;
                    ImageNode parent = image.Files.ParentOf(parts, 0)!;
                    if (child.LinkTarget is string target)
                    {
                        parent.Children![child.Name] = new ImageNode(ImageNodeKind.SymbolicLink, 0) { Target = target };
                    }
                    else if (child is DirectoryInfo)
                    {
                        parent.Children![child.Name] = new ImageNode(ImageNodeKind.Directory, 0);
                        pending.Push((child.FullName, path));
                    }
                    // A FIFO, socket or device reads as a file of length 0 with Device set: never opened (opening a FIFO blocks).
                    else if (child is FileInfo file && (file.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) == 0 && file.Length > 0)
                    {
                        var node = new ImageNode(ImageNodeKind.File, 0) { Size = file.Length };
                        parent.Children![child.Name] = node;
                        try
                        {
                            using FileStream s = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
                            int got = s.Read(head, 0, 4);
                            node.IsElf = got == 4 && head[0] == 0x7f && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F';
                            if (node.IsElf || KeepsText(path)) node.Content = file.FullName;
                            allowance.Charge(got, path, -1);
                        }
                        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                        {
                            image.Problems.Add(new ImageEntryProblem(0, path, "not readable: " + e.Message));
                        }
                    }
                    else
                    {
                        parent.Children![child.Name] = new ImageNode(ImageNodeKind.Special, 0);
                    }
                }
            }
            return image;
        }
    }
}
