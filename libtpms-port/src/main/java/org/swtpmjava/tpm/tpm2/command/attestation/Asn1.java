package org.swtpmjava.tpm.tpm2.command.attestation;

/**
 * The DER reader and writer of libtpms 0.9.2's TpmAsn1.c, with their limits, for
 * TPM2_CertifyX509. The reader fails for good (its size becomes -1) on a multi-octet tag, a
 * length of more than two octets or at least 0x8000, and an element running past its context. The
 * writer fills its buffer from the end ("bottom up"): nested contexts remember where they began,
 * and ending one prefixes the tag and length of what was pushed since.
 */
final class Asn1 {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;
    /** ASN1_APPLICAIION_SPECIFIC (sic): context-specific constructed [0]. */
    static final int CONTEXT_0 = 0xA0;

    private Asn1() {
    }

    /** ASN1UnmarshalContext: a window [0, size) of {@code buffer} starting at {@code base}. */
    static final class Reader {
        private final byte[] buffer;
        private int base;
        int size;
        int offset;
        int tag = 0xFF;

        Reader(byte[] buffer, int base, int size) {
            this.buffer = buffer;
            this.base = base;
            this.size = size;
        }

        Reader copy() {
            Reader copy = new Reader(buffer, base, size);
            copy.offset = offset;
            copy.tag = tag;
            return copy;
        }

        /** Narrows this context to {@code length} octets at the current offset (X509FindExtensionByOID). */
        void narrow(int length) {
            base += offset;
            offset = 0;
            size = length;
        }

        int octet(int index) {
            return buffer[base + index] & 0xFF;
        }

        private int next() {
            return buffer[base + offset++] & 0xFF;
        }

        private int fail() {
            size = -1;
            return -1;
        }

        /** ASN1NextTag: the tag, then its length (negative on failure). */
        int nextTag() {
            if (offset >= size) {
                tag = 0xFF;
                return fail();
            }
            tag = next();
            if ((tag & 0x1F) == 0x1F) {
                tag = 0xFF;
                return fail();
            }
            return decodeLength();
        }

        /** ASN1DecodeLength. */
        private int decodeLength() {
            if (offset >= size) {
                return fail();
            }
            int first = next();
            int value;
            if (first >= 0x80) {
                if (!fits(first & 0x7F)) {
                    return fail();
                }
                if (first == 0x82) {
                    value = next();
                    if (value >= 0x80) {
                        return fail();
                    }
                    value = (value << 8) + next();
                } else if (first == 0x81) {
                    value = next();
                } else {
                    return fail();
                }
            } else {
                value = first;
            }
            return fits(value) ? value : fail();
        }

        /** CHECK_SIZE. */
        private boolean fits(int length) {
            return offset + length <= size;
        }

        /**
         * ASN1GetBitStringValue: a BIT STRING of at most 32 bits, left-justified (its first bit is
         * bit 31); null (and the context failed) if it is anything else.
         */
        Integer bitStringValue() {
            int length = nextTag();
            if (length < 1 || tag != BIT_STRING) {
                fail();
                return null;
            }
            int shift = next();
            length--;
            int inputBits = 8 * length - shift;
            if (shift >= 8 || (length == 0 && shift != 0)) {
                fail();
                return null;
            }
            int value = 0;
            for (; length > 1; length--) {
                if ((value & 0xFF000000) != 0) {
                    fail();
                    return null;
                }
                value = (value << 8) + next();
            }
            if (length == 1) {
                if ((value & (0xFF000000 << (8 - shift))) != 0) {
                    fail();
                    return null;
                }
                value = (value << (8 - shift)) + (next() >>> shift);
            }
            if (inputBits > 0) {
                value <<= 32 - inputBits;
            }
            return value;
        }
    }

    /** ASN1MarshalContext over a buffer of {@code length} octets, filled from its end. */
    static final class Writer {
        /** MAX_DEPTH. */
        private static final int MAX_DEPTH = 10;

        final byte[] buffer;
        int offset;
        private int end;
        private final int[] ends = new int[MAX_DEPTH];
        private int depth = -1;

        Writer(int length) {
            buffer = new byte[length];
            offset = length;
            end = length;
        }

        /** ASN1StartMarshalContext. */
        void start() {
            if (depth + 1 >= MAX_DEPTH) {
                throw new IllegalStateException("ASN.1 nesting too deep");
            }
            ends[++depth] = end;
            end = offset;
        }

        /** ASN1EndMarshalContext: the size of the context just ended. */
        int endContext() {
            int length = end - offset;
            end = ends[depth--];
            return length;
        }

        /** ASN1EndEncapsulation: a BIT STRING gets its leading zero octet (no unused bits). */
        int endEncapsulation(int tag) {
            if (tag == BIT_STRING) {
                pushByte(0);
            }
            pushTagAndLength(tag, end - offset);
            return endContext();
        }

        boolean pushByte(int b) {
            if (offset > 0) {
                offset--;
                buffer[offset] = (byte) b;
                return true;
            }
            offset = -1;
            return false;
        }

        int pushBytes(byte[] bytes, int from, int count) {
            offset -= count;
            if (offset < 0) {
                offset = -1;
                return 0;
            }
            System.arraycopy(bytes, from, buffer, offset, count);
            return count;
        }

        int pushBytes(byte[] bytes) {
            return pushBytes(bytes, 0, bytes.length);
        }

        int pushNull() {
            pushByte(0);
            pushByte(NULL);
            return offset >= 0 ? 2 : 0;
        }

        /** ASN1PushLength: short form up to 127, else 0x81 or 0x82 and the octets. */
        int pushLength(int length) {
            int start = offset;
            if (length <= 127) {
                pushByte(length);
            } else {
                pushByte(length & 0xFF);
                length >>= 8;
                if (length == 0) {
                    pushByte(0x81);
                } else {
                    pushByte(length);
                    pushByte(0x82);
                }
            }
            return offset > 0 ? start - offset : 0;
        }

        int pushTagAndLength(int tag, int length) {
            int bytes = pushLength(length);
            bytes += pushByte(tag) ? 1 : 0;
            return offset < 0 ? 0 : bytes;
        }

        /**
         * ASN1PushInteger of a big-endian value: leading zero octets dropped (all of them for
         * zero, which then has no content octet), a zero octet added if the top bit is set.
         */
        int pushInteger(byte[] integer) {
            int start = 0;
            int length = integer.length;
            while (integer[start] == 0 && --length > 0) {
                start++;
            }
            pushBytes(integer, start, length);
            if ((integer[start] & 0x80) != 0) {
                length += pushByte(0) ? 1 : 0;
            }
            length += pushTagAndLength(INTEGER, length);
            return length;
        }

        /** ASN1PushUINT: four big-endian octets as an INTEGER. */
        int pushUint(int value) {
            return pushInteger(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
                (byte) value});
        }

        /** ASN1PushOID: the OID with its tag and one-octet length as stored. */
        int pushOid(byte[] oid) {
            return pushBytes(oid);
        }

        /** X509PushAlgorithmIdentifierSequence: SEQUENCE { OID, NULL }. */
        int pushAlgorithmIdentifier(byte[] oid) {
            start();
            pushNull();
            pushOid(oid);
            return endEncapsulation(SEQUENCE);
        }
    }
}
