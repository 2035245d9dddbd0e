using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Sets VER_FLG_WEAK on the version-need entries (Elf64_Vernaux in .gnu.version_r) that name
/// <see cref="VersionName"/>, in place. ELF64 little-endian only; anything else is left alone.
/// </summary>
public class WeakenElfVersionNeed : Task
{
    const ushort VerFlgWeak = 0x2;
    const uint ShtGnuVerneed = 0x6ffffffe;

    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                int changed = Patch(path);
                if (changed > 0)
                    Log.LogMessage(MessageImportance.High, $"{path}: marked {VersionName} weak ({changed} entr{(changed == 1 ? "y" : "ies")})");
            }
            catch (Exception e)
            {
                Log.LogError($"{path}: could not patch the ELF version needs: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    int Patch(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            return 0;
        if (elf[4] != 2 || elf[5] != 1) return 0; // not ELF64 little-endian

        ulong shoff = BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        int changed = 0;
        for (int s = 0; s < shnum; s++)
        {
            int sh = checked((int)shoff + s * shentsize);
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
            int offset = checked((int)BitConverter.ToUInt64(elf, sh + 0x18));
            int link = (int)BitConverter.ToUInt32(elf, sh + 0x28);
            int strtab = checked((int)BitConverter.ToUInt64(elf, checked((int)shoff + link * shentsize) + 0x18));

            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
            int vn = offset;
            while (true)
            {
                int count = BitConverter.ToUInt16(elf, vn + 2);
                int aux = vn + (int)BitConverter.ToUInt32(elf, vn + 8);
                for (int a = 0; a < count; a++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
                    int name = strtab + (int)BitConverter.ToUInt32(elf, aux + 8);
                    int end = Array.IndexOf(elf, (byte)0, name);
                    if (Encoding.ASCII.GetString(elf, name, end - name) == VersionName)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, aux + 4);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, aux + 4);
                            changed++;
                        }
                    }
                    uint next = BitConverter.ToUInt32(elf, aux + 12);
                    if (next == 0) break;
                    aux += (int)next;
                }
                uint vnNext = BitConverter.ToUInt32(elf, vn + 12);
                if (vnNext == 0) break;
                vn += (int)vnNext;
            }
        }
        if (changed > 0)
        {
            // Write to a temporary file and move it over, so a crash never leaves a half-written library.
            string tmp = path + ".weak.tmp";
            File.WriteAllBytes(tmp, elf);
            File.Replace(tmp, path, null);
        }
        return changed;
    }
}
