package org.swtpmjava.ctrl;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CtrlCodecRoundTripProperties {

    @Property
    void encodedRequestsDecodeToTheSameFields(@ForAll("requests") CtrlRequest request) {
        ByteBuf wire = Unpooled.buffer();
        CtrlRequestCodec.encode(request, wire);
        assertThat(CtrlRequestCodec.requiredLength(wire)).isEqualTo(wire.readableBytes());
        CtrlRequest decoded = CtrlRequestCodec.decode(wire);
        assertThat(decoded).usingRecursiveComparison().isEqualTo(request);
        wire.release();
    }

    @Property
    void anyBytesDecodeWithoutThrowing(@ForAll byte[] bytes) {
        ByteBuf wire = Unpooled.wrappedBuffer(bytes);
        CtrlRequestCodec.requiredLength(wire);
        CtrlRequestCodec.oversizedBody(wire);
        CtrlRequest decoded = CtrlRequestCodec.decode(wire);
        assertThat(decoded).isNotNull();
        assertThat(wire.readableBytes()).isZero();
    }

    @Provide
    Arbitrary<CtrlRequest> requests() {
        Arbitrary<Integer> u32 = Arbitraries.integers();
        Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 255);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(5000);
        return Arbitraries.oneOf(
                Arbitraries.of(new CtrlRequest.GetCapability(), new CtrlRequest.Shutdown(),
                        new CtrlRequest.GetTpmEstablished(), new CtrlRequest.HashStart(),
                        new CtrlRequest.HashEnd(), new CtrlRequest.CancelTpmCmd(),
                        new CtrlRequest.StoreVolatile(), new CtrlRequest.Stop(), new CtrlRequest.GetConfig(),
                        new CtrlRequest.SetDataFd()),
                u32.map(CtrlRequest.Init::new),
                u8.map(CtrlRequest.SetLocality::new),
                u8.map(CtrlRequest.ResetTpmEstablished::new),
                data.map(CtrlRequest.HashData::new),
                Combinators.combine(u32, u32, u32).as(CtrlRequest.GetStateBlob::new),
                Combinators.combine(u32, u32, data).as(CtrlRequest.SetStateBlob::new),
                u32.map(CtrlRequest.SetBufferSize::new),
                Combinators.combine(Arbitraries.longs(), u32).as(CtrlRequest.GetInfo::new),
                u32.map(CtrlRequest.LockStorage::new));
    }
}
