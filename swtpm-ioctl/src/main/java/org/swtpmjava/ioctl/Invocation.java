package org.swtpmjava.ioctl;

/**
 * One parsed swtpm_ioctl command line: the command as the argv element that selected it
 * (swtpm_ioctl dispatches on that exact text, §6) and the values the command reads.
 *
 * @param command     e.g. "-c", "--save"; any other text (an abbreviation such as "--sto")
 *                    makes the tool print its usage and fail
 * @param transport   where to connect
 * @param locality    for -l / -r, already checked to be 0..4
 * @param hashData    for -h: the data, or "-" for stdin
 * @param blobType    for --save / --load: the type name as given
 * @param blobFile    for --save / --load
 * @param bufferSize  for -b (u32)
 * @param infoFlags   for --info (u64)
 */
record Invocation(String command, Transport transport, int locality, String hashData,
                  String blobType, String blobFile, int bufferSize, long infoFlags) {
}
