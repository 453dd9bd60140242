// MSBuild inline task (RoslynCodeTaskFactory). See README.md, "Troubleshooting: GLIBCXX_3.4.32".
//
// TorchSharp 0.107's libLibTorchSharp.so declares a need for GLIBCXX_3.4.32 only because of the symbol
// _ZSt21ios_base_library_initv, which it never relocates. Older libstdc++ (Debian 12: up to 3.4.30) makes the
// loader refuse the whole library. Marking that version need weak (VER_FLG_WEAK in .gnu.version_r) lets it
// load; a symbol that were really bound to a missing version would still fail loudly at relocation time.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenMissingGlibcxxNeeds : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required]
    public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The libstdc++ the loader will use; versions it defines stay strong.</summary>
    public string SystemLibStdCxx { get; set; } = "";

    public override bool Execute()
    {
        if (string.IsNullOrEmpty(SystemLibStdCxx) || !File.Exists(SystemLibStdCxx))
        {
            Log.LogMessage(MessageImportance.Low, "No system libstdc++ found; nothing to weaken.");
            return true;
        }

        var available = ReadGlibcxxVersions(File.ReadAllBytes(SystemLibStdCxx));
        foreach (var item in Libraries)
        {
            var path = item.ItemSpec;
            if (!File.Exists(path)) continue;
            var bytes = File.ReadAllBytes(path);
            List<string> weakened;
            try
            {
                weakened = WeakenMissing(bytes, available);
            }
            catch (InvalidDataException e)
            {
                Log.LogWarning("Could not read the ELF version needs of {0}: {1}", path, e.Message);
                continue;
            }

            if (weakened.Count == 0) continue;
            // Write a new file and move it over, so a hard link into the NuGet cache is never modified.
            var temp = path + ".weakening";
            File.WriteAllBytes(temp, bytes);
            File.Delete(path);
            File.Move(temp, path);
            Log.LogMessage(MessageImportance.High, "{0}: marked version need(s) {1} weak (system libstdc++ lacks them).",
                Path.GetFileName(path), string.Join(", ", weakened));
        }
        return true;
    }

    private static HashSet<string> ReadGlibcxxVersions(byte[] bytes)
    {
        // Version names are plain NUL-terminated strings in .dynstr; a byte scan is enough and format-agnostic.
        var text = Encoding.ASCII.GetString(bytes);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        while ((index = text.IndexOf("GLIBCXX_", index, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf('\0', index);
            if (end < 0) break;
            found.Add(text.Substring(index, end - index));
            index = end;
        }
        return found;
    }

    private static List<string> WeakenMissing(byte[] elf, HashSet<string> available)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only little-endian ELF64 is supported");

        var shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        var weakened = new List<string>();
        for (var i = 0; i < shnum; i++)
        {
            var sh = checked((int)(shoff + (long)i * shentsize));
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;

            var offset = checked((int)BitConverter.ToUInt64(elf, sh + 0x18));
            var link = (int)BitConverter.ToUInt32(elf, sh + 0x28);
            var strtab = checked((int)BitConverter.ToUInt64(elf, checked((int)(shoff + (long)link * shentsize)) + 0x18));

            var need = offset;
            while (true)
            {
                int auxCount = BitConverter.ToUInt16(elf, need + 2);
                var aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var flagsAt = aux + 4;
                    var name = ReadString(elf, strtab + (int)BitConverter.ToUInt32(elf, aux + 8));
                    var flags = BitConverter.ToUInt16(elf, flagsAt);
                    if (name.StartsWith("GLIBCXX_", StringComparison.Ordinal) && !available.Contains(name)
                        && (flags & VerFlgWeak) == 0)
                    {
                        BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, flagsAt);
                        weakened.Add(name);
                    }
                    var nextAux = BitConverter.ToUInt32(elf, aux + 12);
                    if (nextAux == 0) break;
                    aux += (int)nextAux;
                }
                var nextNeed = BitConverter.ToUInt32(elf, need + 12);
                if (nextNeed == 0) break;
                need += (int)nextNeed;
            }
        }
        return weakened;
    }

    private static string ReadString(byte[] bytes, int start)
    {
        var end = Array.IndexOf(bytes, (byte)0, start);
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }
}
